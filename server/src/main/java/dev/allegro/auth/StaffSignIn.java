package dev.allegro.auth;

import dev.allegro.auth.internal.SignInLinkStore;
import dev.allegro.auth.internal.UserStore;
import dev.allegro.mail.Mail;
import dev.allegro.mail.Mailer;
import dev.allegro.system.web.RateLimits;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.HtmlUtils;

/**
 * Staff sign-in to the dashboard by a one-time link mailed to them. Asking for a link answers the
 * same whatever the address (so the answer tells nobody who is staff); only staff the {@link
 * HorizonGate} would let in get a mail. Asking is limited per address and per client; a link works
 * once, within {@code signInLinkValidity}, and only its hash is stored. Following it proves the
 * address: the user's email counts as verified from then on.
 */
@Service
public class StaffSignIn {

  private static final Logger log = LoggerFactory.getLogger(StaffSignIn.class);
  static final int PER_ADDRESS = 5;
  static final int PER_CLIENT = 20;
  static final Duration LIMIT_WINDOW = Duration.ofMinutes(10);

  private final Users users;
  private final UserStore userStore;
  private final SignInLinkStore links;
  private final HorizonGate gate;
  private final Mailer mailer;
  private final RateLimits limits;
  private final Duration validity;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  StaffSignIn(
      Users users,
      UserStore userStore,
      SignInLinkStore links,
      HorizonGate gate,
      Mailer mailer,
      RateLimits limits,
      AuthProperties properties,
      Clock clock) {
    this.users = users;
    this.userStore = userStore;
    this.links = links;
    this.gate = gate;
    this.mailer = mailer;
    this.limits = limits;
    this.validity = properties.signInLinkValidity();
    this.clock = clock;
  }

  /**
   * Mails a sign-in link to {@code email} if it is staff's.
   *
   * @param verifyUrl the page the link opens, to which {@code ?token=...} is appended
   * @throws RateLimits.RateLimited when the address or the client asked too often
   */
  public void requestLink(String email, String client, String verifyUrl) {
    String address = email == null ? "" : email.trim().toLowerCase(java.util.Locale.ROOT);
    limits.hit("sign-in-client", client, PER_CLIENT, LIMIT_WINDOW);
    limits.hit("sign-in-address", address, PER_ADDRESS, LIMIT_WINDOW);
    if (address.isEmpty()) {
      return;
    }
    var user = users.findByEmail(address).filter(gate::maySignIn);
    if (user.isEmpty()) {
      log.info(
          "A dashboard sign-in link was asked for {}, who is not staff; none was sent", address);
      return;
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    links.insert(user.get().id(), TokenSecrets.sha256Hex(token), clock.instant().plus(validity));
    String link = verifyUrl + "?token=" + token;
    long minutes = validity.toMinutes();
    mailer.send(
        Mail.to(
            address,
            "Your sign-in link for Allegro's dashboard",
            "Sign in to Allegro's job dashboard (Horizon) by opening this link within "
                + minutes
                + " minutes:\n\n"
                + link
                + "\n\nIt works once. If you did not ask for it, ignore this mail.",
            "<p>Sign in to Allegro's job dashboard (Horizon) by opening this link within "
                + minutes
                + " minutes:</p><p><a href=\""
                + HtmlUtils.htmlEscape(link)
                + "\">Sign in</a></p><p>It works once. If you did not ask for it, ignore this"
                + " mail.</p>"));
  }

  /**
   * Uses a link's token: once, before it expires. The user's email counts as verified.
   *
   * @return the user to sign in, or empty for an unknown, used or expired token
   */
  @Transactional
  public Optional<User> redeem(String token) {
    if (token == null || token.isBlank() || token.length() > 128) {
      return Optional.empty();
    }
    var now = clock.instant();
    return links
        .use(TokenSecrets.sha256Hex(token.trim()), now)
        .flatMap(
            id -> {
              userStore.markEmailVerified(id, now);
              return userStore.findById(id);
            });
  }

  /** The user behind a session, as it is now (its rights may have changed since sign-in). */
  public Optional<User> current(UserId id) {
    return userStore.findById(id);
  }
}
