package dev.allegro.audience.internal.signin;

import dev.allegro.audience.AudienceMember;
import dev.allegro.audience.AudienceMembers;
import dev.allegro.audience.SignInHook;
import dev.allegro.audience.SignInProperties;
import dev.allegro.audience.internal.members.EmailAddress;
import dev.allegro.audience.internal.members.MemberStore;
import dev.allegro.auth.TokenSecrets;
import dev.allegro.mail.Mail;
import dev.allegro.mail.Mailer;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.system.web.RateLimits;
import dev.allegro.system.web.ValidationException;
import dev.allegro.tenancy.Tenant;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

/**
 * Members' sign-in by a mailed one-time link. Asking answers the same whether or not the address
 * was a member's (the member is made if not), is limited per address and per client, and mails a
 * link to the page the member came from carrying an {@code allegro_token} that works once, within
 * {@code linkValidity}; only its hash is stored. Using it proves the address, runs every {@link
 * SignInHook} and issues the member's JWT.
 */
@Service
class MagicLinks {

  private static final Logger log = LoggerFactory.getLogger(MagicLinks.class);
  static final Duration LIMIT_WINDOW = Duration.ofMinutes(1);
  static final int MAX_DATA_BYTES = 4096;
  static final int MAX_TOKEN = 128;

  private final AudienceMembers members;
  private final MemberStore memberStore;
  private final MagicLinkStore links;
  private final MemberTokens tokens;
  private final Mailer mailer;
  private final RateLimits limits;
  private final ObjectProvider<SignInHook> hooks;
  private final TransactionTemplate transactions;
  private final SignInProperties properties;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  MagicLinks(
      AudienceMembers members,
      MemberStore memberStore,
      MagicLinkStore links,
      MemberTokens tokens,
      Mailer mailer,
      RateLimits limits,
      ObjectProvider<SignInHook> hooks,
      TransactionTemplate transactions,
      SignInProperties properties,
      Clock clock) {
    this.members = members;
    this.memberStore = memberStore;
    this.links = links;
    this.tokens = tokens;
    this.mailer = mailer;
    this.limits = limits;
    this.hooks = hooks;
    this.transactions = transactions;
    this.properties = properties;
    this.clock = clock;
  }

  /** A used link: the member's JWT, and where the link led with the data its request attached. */
  record SignedIn(
      String jwt, Instant expiresAt, AudienceMember member, String returnUrl, String data) {}

  /**
   * Mails a sign-in link to {@code email}.
   *
   * @param returnUrl the page the link opens; {@code null} for {@code pageUrl}
   * @param pageUrl the asking page (its Referer, else its Origin), or {@code null}
   * @throws RateLimits.RateLimited when the client or the address asked too often
   * @throws ValidationException for a bad address, data, or a page off the tenant's origins
   */
  void request(
      Tenant tenant, String email, String returnUrl, JsonNode data, String client, String pageUrl) {
    limits.hit("magic-link-client", client, properties.perClient(), LIMIT_WINDOW);
    var errors = new FieldErrors();
    String address = EmailAddress.valid(email, "email", true, errors);
    String dataJson = null;
    if (data != null && !data.isNull()) {
      if (!data.isObject()) {
        errors.add("data", "The data field must be an object.");
      } else if ((dataJson = data.toString()).length() > MAX_DATA_BYTES) {
        errors.add("data", "The data field must not be larger than " + MAX_DATA_BYTES + " bytes.");
      }
    }
    String target = null;
    if (returnUrl != null) {
      target = ReturnUrls.check(tenant, returnUrl).orElse(null);
      if (target == null) {
        errors.add(
            "return_url", "The return_url field must be a page on one of the site's origins.");
      }
    } else if (pageUrl == null) {
      errors.add(
          "return_url",
          "The return_url field is required when the request names no page (Referer or Origin).");
    } else {
      target = ReturnUrls.check(tenant, pageUrl).orElse(null);
      if (target == null) {
        errors.add(
            "return_url",
            "The return_url field is required: the asking page is not on one of the site's"
                + " origins.");
      }
    }
    errors.throwIfAny();
    limits.hit(
        "magic-link-address",
        tenant.id() + ":" + address.toLowerCase(Locale.ROOT),
        properties.perAddress(),
        LIMIT_WINDOW);
    var found = members.findOrCreate(tenant.id(), address, null);
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Instant now = clock.instant();
    links.insert(
        tenant.id(),
        found.member().id(),
        TokenSecrets.sha256Hex(token),
        target,
        dataJson,
        now,
        now.plus(properties.linkValidity()));
    mailer.send(mail(tenant, address, ReturnUrls.withToken(target, token)));
    log.debug(
        "Tenant {}: magic link for member {} ({})",
        tenant.id(),
        found.member().id(),
        found.created() ? "new" : "known");
  }

  /**
   * Uses a link's token: once, before it expires, on its tenant's host.
   *
   * @param origin the tenant's origin as the member's browser sees it: the JWT's issuer
   * @throws ValidationException 422 for a missing, unknown, used or expired token
   */
  SignedIn validate(Tenant tenant, String token, String origin) {
    if (token == null || token.isBlank()) {
      throw ValidationException.of("token", "The token field is required.");
    }
    String hash = TokenSecrets.sha256Hex(token.trim());
    if (token.length() > MAX_TOKEN) {
      throw refused(MagicLinkStore.Refusal.UNKNOWN);
    }
    Instant now = clock.instant();
    MagicLinkStore.Used used =
        transactions.execute(
            status -> {
              var link = links.use(tenant.id(), hash, now);
              link.ifPresent(l -> memberStore.signedIn(tenant.id(), l.member(), now));
              return link.orElse(null);
            });
    if (used == null) {
      throw refused(links.refusal(tenant.id(), hash, now));
    }
    for (SignInHook hook : hooks.orderedStream().toList()) {
      try {
        hook.beforeTokenIssued(tenant.id(), used.member());
      } catch (RuntimeException e) {
        log.warn(
            "Sign-in hook {} failed for member {}", hook.getClass().getName(), used.member(), e);
      }
    }
    AudienceMember member =
        members
            .find(tenant.id(), used.member())
            .orElseThrow(() -> refused(MagicLinkStore.Refusal.UNKNOWN));
    var issued = tokens.issue(member, origin);
    return new SignedIn(issued.jwt(), issued.expiresAt(), member, used.returnUrl(), used.data());
  }

  private static ValidationException refused(MagicLinkStore.Refusal why) {
    String message =
        switch (why) {
          case UNKNOWN -> "This sign-in link is not valid.";
          case USED -> "This sign-in link was already used; ask for a new one.";
          case EXPIRED -> "This sign-in link has expired; ask for a new one.";
        };
    return ValidationException.of("token", message);
  }

  private Mail mail(Tenant tenant, String address, String link) {
    long minutes = properties.linkValidity().toMinutes();
    String site = tenant.name();
    return new Mail(
        List.of(address),
        "Your sign-in link for " + site,
        "Sign in to "
            + site
            + " by opening this link within "
            + minutes
            + " minutes:\n\n"
            + link
            + "\n\nIt works once. If you did not ask for it, ignore this mail.",
        "<p>Sign in to "
            + HtmlUtils.htmlEscape(site)
            + " by opening this link within "
            + minutes
            + " minutes:</p><p><a href=\""
            + HtmlUtils.htmlEscape(link)
            + "\">Sign in</a></p><p>It works once. If you did not ask for it, ignore this"
            + " mail.</p>");
  }
}
