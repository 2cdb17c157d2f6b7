package dev.allegro.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.allegro.jobs.Queues;
import dev.allegro.jobs.internal.JobsProperties;
import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.jobs.internal.SupervisorFactory;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.TenantId;
import dev.allegro.tenancy.Tenants;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Members' magic-link sign-in end to end: the mail (caught by a real SMTP server), the link, the
 * JWT verified against the served JWKS with a JOSE library, and every refusal. Requests come from
 * client addresses of their own (X-Forwarded-For from a trusted proxy), so the per-client limit
 * counts only what a test means it to.
 */
@AllegroTest
@TestPropertySource(properties = "allegro.trusted-proxies=127.0.0.1")
@Import(MagicLinkSignInIT.Extras.class)
class MagicLinkSignInIT {

  private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  private static final Pattern TOKEN = Pattern.compile("[?&]allegro_token=([\\w-]+)");
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  static {
    SMTP.start();
  }

  @DynamicPropertySource
  static void mailServer(DynamicPropertyRegistry registry) {
    registry.add("allegro.mail.host", () -> "127.0.0.1");
    registry.add("allegro.mail.port", () -> SMTP.getSmtp().getPort());
  }

  @AfterAll
  static void stopServer() {
    SMTP.stop();
  }

  /** The system clock, moved forward by what a test adds. */
  static final class MovableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void advance(Duration by) {
      offset = offset.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }

  /** What the sign-in hooks were called with, and whether the member was verified by then. */
  static final class RecordingHook implements SignInHook {
    record Call(TenantId tenant, UUID member, boolean verified) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AudienceMembers members;

    RecordingHook(AudienceMembers members) {
      this.members = members;
    }

    @Override
    public void beforeTokenIssued(TenantId tenant, UUID memberId) {
      boolean verified =
          members.find(tenant, memberId).map(m -> m.emailVerifiedAt() != null).orElse(false);
      calls.add(new Call(tenant, memberId, verified));
    }
  }

  /** A hook that fails: the sign-in goes on. */
  static final class FailingHook implements SignInHook {
    @Override
    public void beforeTokenIssued(TenantId tenant, UUID memberId) {
      throw new IllegalStateException("a hook that fails");
    }
  }

  // Imported, not a @TestConfiguration: a command context's scan of dev.allegro (CommandContextIT)
  // would take that in too.
  static class Extras {
    @Bean
    @Primary
    MovableClock movableClock() {
      return new MovableClock();
    }

    @Bean
    RecordingHook recordingHook(AudienceMembers members) {
      return new RecordingHook(members);
    }

    @Bean
    FailingHook failingHook() {
      return new FailingHook();
    }
  }

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Tenants tenants;
  @Autowired AudienceMembers members;
  @Autowired SigningKeyRotation rotation;
  @Autowired SupervisorFactory supervisors;
  @Autowired MovableClock clock;
  @Autowired RecordingHook hook;
  @Autowired JdbcClient jdbc;

  private Supervisor mailWorker;

  @BeforeEach
  void startAWorkerForMail() throws Exception {
    SMTP.purgeEmailFromAllMailboxes();
    mailWorker =
        supervisors.create(
            new JobsProperties.Supervisor(
                JobsProperties.Balance.FALSE,
                List.of(Queues.HIGH),
                1,
                1,
                1,
                Duration.ofSeconds(3),
                1,
                Duration.ofSeconds(60)));
    mailWorker.start();
  }

  @AfterEach
  void stopWorker() {
    mailWorker.drain(Duration.ofSeconds(5));
  }

  private Tenant tenant(String slug) {
    return tenants.find(slug).orElseGet(() -> data.tenant(slug));
  }

  private static String freshClient() {
    return "198.51.100." + CLIENTS.incrementAndGet();
  }

  private Http.Response ask(String host, String json) {
    return ask(host, json, freshClient());
  }

  private Http.Response ask(String host, String json, String client) {
    return http.post("/api/magic-link")
        .host(host)
        .header("X-Forwarded-For", client)
        .json(json)
        .send();
  }

  private Http.Response validate(String host, String token) {
    return http.post("/api/magic-link/validate")
        .host(host)
        .json("{\"token\":\"" + token + "\"}")
        .send();
  }

  /**
   * The mail sent to {@code email}, once it arrived; a mail job of an earlier test that finished
   * after its purge may sit beside it.
   */
  private MimeMessage mailTo(String email) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                java.util.Arrays.stream(SMTP.getReceivedMessages()).anyMatch(m -> isTo(m, email)));
    return java.util.Arrays.stream(SMTP.getReceivedMessages())
        .filter(m -> isTo(m, email))
        .findFirst()
        .orElseThrow();
  }

  private static boolean isTo(MimeMessage message, String email) {
    try {
      return java.util.Arrays.stream(message.getAllRecipients())
          .anyMatch(a -> a.toString().contains(email));
    } catch (jakarta.mail.MessagingException e) {
      return false;
    }
  }

  /** The one mail that arrived, once it has. */
  private MimeMessage onlyMail() {
    await().atMost(Duration.ofSeconds(10)).until(() -> SMTP.getReceivedMessages().length >= 1);
    assertThat(SMTP.getReceivedMessages()).hasSize(1);
    return SMTP.getReceivedMessages()[0];
  }

  /** The text of the message's part of {@code type} (text/plain or text/html). */
  private static String part(Part part, String type) throws Exception {
    if (part.isMimeType(type)) {
      return (String) part.getContent();
    }
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart body = multipart.getBodyPart(i);
        String found = part(body, type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static String linkIn(MimeMessage mail) throws Exception {
    String text = part(mail, "text/plain");
    var link = Pattern.compile("(https?://\\S+)").matcher(text);
    assertThat(link.find()).as("a link in %s", text).isTrue();
    return link.group(1);
  }

  private static String tokenOf(String link) {
    var token = TOKEN.matcher(link);
    assertThat(token.find()).as("a token in %s", link).isTrue();
    return token.group(1);
  }

  private JWTClaimsSet verified(String host, String jwt, String subject) throws Exception {
    var keys = http.get("/.well-known/jwks.json").host(host).send();
    assertThat(keys.status()).isEqualTo(200);
    assertThat(keys.body()).doesNotContain("\"d\"").doesNotContain("\"p\"");
    var processor = new DefaultJWTProcessor<SecurityContext>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            JWSAlgorithm.RS256, new ImmutableJWKSet<>(JWKSet.parse(keys.body()))));
    String origin = "http://" + host;
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            origin,
            new JWTClaimsSet.Builder().issuer(origin).subject(subject).build(),
            Set.of("iat", "exp", "jti", "email")));
    return processor.process(jwt, null);
  }

  @Test
  void aMailedLinkSignsTheMemberInOnceWithAJwtTheServedKeysVerify() throws Exception {
    // given a tenant's page asking for a link
    String host = TestData.host(tenant("news").slug());
    var asked =
        ask(
            host,
            "{\"email\":\"Reader@News.test\",\"return_url\":\"https://news.test/account?tab=1#top\","
                + "\"data\":{\"plan\":\"monthly\"}}");
    assertThat(asked.status()).as(asked.body()).isEqualTo(202);

    // then one mail with a plain-text and an HTML part, linking to the page with a token
    var mail = onlyMail();
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("Reader@News.test");
    assertThat(mail.getSubject()).isEqualTo("Your sign-in link for news inc.");
    String link = linkIn(mail);
    assertThat(link).startsWith("https://news.test/account?tab=1&allegro_token=").endsWith("#top");
    String token = tokenOf(link);
    assertThat(part(mail, "text/html")).contains("href=\"" + link.replace("&", "&amp;") + "\"");
    var member = members.findByEmail(tenant("news").id(), "reader@news.test").orElseThrow();
    assertThat(member.emailVerifiedAt()).isNull();
    assertThat(
            jdbc.sql("SELECT count(*) FROM audience_magic_links WHERE token_hash = ?")
                .param(dev.allegro.auth.TokenSecrets.sha256Hex(token))
                .query(Long.class)
                .single())
        .as("only the token's hash is stored")
        .isEqualTo(1);

    // when the link's token is validated
    var signedIn = validate(host, token);

    // then a JWT the served JWKS verifies, for this member, on this tenant's origin
    assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
    String jwt = signedIn.json().path("jwt").asString();
    var claims = verified(host, jwt, member.id().toString());
    assertThat(claims.getAudience()).containsExactly("http://news.test");
    assertThat(claims.getStringClaim("email")).isEqualTo("Reader@News.test");
    assertThat(
            Duration.between(
                claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofHours(1));
    assertThat(UUID.fromString(claims.getJWTID()).version()).isEqualTo(4);
    assertThat(SignedJWT.parse(jwt).getHeader().getKeyID()).isNotBlank();
    assertThat(signedIn.json().at("/return_url").asString())
        .isEqualTo("https://news.test/account?tab=1#top");
    assertThat(signedIn.json().at("/data/plan").asString()).isEqualTo("monthly");
    assertThat(signedIn.json().at("/audience_member/email_verified").asBoolean()).isTrue();
    var after = members.find(tenant("news").id(), member.id()).orElseThrow();
    assertThat(after.emailVerifiedAt()).isNotNull();
    assertThat(after.lastSeenAt()).isNotNull();
    assertThat(hook.calls).contains(new RecordingHook.Call(tenant("news").id(), member.id(), true));

    // and the token works once
    var again = validate(host, token);
    assertThat(again.status()).isEqualTo(422);
    assertThat(again.json().path("message").asString())
        .isEqualTo("This sign-in link was already used; ask for a new one.");
  }

  @Test
  void aLinkExpiresAfterFifteenMinutes() throws Exception {
    String host = TestData.host(tenant("expiry").slug());
    assertThat(
            ask(host, "{\"email\":\"late@expiry.test\",\"return_url\":\"http://expiry.test/\"}")
                .status())
        .isEqualTo(202);
    String early = tokenOf(linkIn(onlyMail()));
    SMTP.purgeEmailFromAllMailboxes();
    assertThat(
            ask(host, "{\"email\":\"late@expiry.test\",\"return_url\":\"http://expiry.test/\"}")
                .status())
        .isEqualTo(202);
    String onTime = tokenOf(linkIn(onlyMail()));
    mailWorker.drain(Duration.ofSeconds(5));

    clock.advance(Duration.ofMinutes(14));
    var stillValid = validate(host, onTime);
    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    var expired = validate(host, early);

    assertThat(stillValid.status()).as(stillValid.body()).isEqualTo(200);
    assertThat(expired.status()).isEqualTo(422);
    assertThat(expired.json().at("/errors/token/0").asString())
        .isEqualTo("This sign-in link has expired; ask for a new one.");
  }

  @Test
  void theAnswerIsTheSameForANewAndAKnownAddress() throws Exception {
    Tenant shop = tenant("same");
    String host = TestData.host(shop.slug());
    var known = members.findOrCreate(shop.id(), "known@same.test", "Known").member();

    var forKnown =
        ask(host, "{\"email\":\"known@same.test\",\"return_url\":\"http://same.test/\"}");
    var forNew = ask(host, "{\"email\":\"new@same.test\",\"return_url\":\"http://same.test/\"}");

    assertThat(forKnown.status()).isEqualTo(202);
    assertThat(forNew.status()).isEqualTo(202);
    assertThat(forNew.body()).isEqualTo(forKnown.body());
    await().atMost(Duration.ofSeconds(10)).until(() -> SMTP.getReceivedMessages().length == 2);
    assertThat(members.findByEmail(shop.id(), "known@same.test").orElseThrow().id())
        .isEqualTo(known.id());
    assertThat(members.findByEmail(shop.id(), "new@same.test")).isPresent();
  }

  @Test
  void anAddressAndAClientMayAskThreeTimesAMinute() {
    String host = TestData.host(tenant("limits").slug());
    String body = "{\"email\":\"busy@limits.test\",\"return_url\":\"http://limits.test/\"}";
    for (int i = 0; i < 3; i++) {
      assertThat(ask(host, body).status()).isEqualTo(202);
    }
    var fourthForTheAddress = ask(host, body);

    String client = freshClient();
    for (int i = 0; i < 3; i++) {
      String other =
          "{\"email\":\"c" + i + "@limits.test\",\"return_url\":\"http://limits.test/\"}";
      assertThat(ask(host, other, client).status()).isEqualTo(202);
    }
    var fourthFromTheClient =
        ask(host, "{\"email\":\"c9@limits.test\",\"return_url\":\"http://limits.test/\"}", client);

    assertThat(fourthForTheAddress.status()).isEqualTo(429);
    assertThat(fourthForTheAddress.json().path("message").asString())
        .isEqualTo("Too Many Attempts.");
    assertThat(Integer.parseInt(fourthForTheAddress.header("Retry-After"))).isBetween(1, 60);
    assertThat(fourthFromTheClient.status()).isEqualTo(429);
  }

  @Test
  void withoutReturnUrlTheLinkLeadsToTheAskingPageIfItIsTheTenants() throws Exception {
    String host = TestData.host(tenant("referred").slug());
    var fromPage =
        http.post("/api/magic-link")
            .host(host)
            .header("X-Forwarded-For", freshClient())
            .header("Referer", "https://referred.test/article/42")
            .json("{\"email\":\"r@referred.test\"}")
            .send();
    var fromElsewhere =
        http.post("/api/magic-link")
            .host(host)
            .header("X-Forwarded-For", freshClient())
            .header("Referer", "https://evil.example/phish")
            .json("{\"email\":\"r@referred.test\"}")
            .send();

    assertThat(fromPage.status()).isEqualTo(202);
    assertThat(linkIn(onlyMail())).startsWith("https://referred.test/article/42?allegro_token=");
    assertThat(fromElsewhere.status()).isEqualTo(422);
    assertThat(fromElsewhere.json().at("/errors").has("return_url")).isTrue();
  }

  @Test
  void aTenantWithAllowedOriginsTakesReturnUrlsOnThoseOriginsOnly() {
    Tenant guarded = tenant("guarded");
    tenants.update(
        guarded, new Tenants.Changes(null, null, List.of("https://www.guarded.example"), false));
    String host = TestData.host("guarded");

    var allowed =
        http.post("/api/magic-link")
            .host(host)
            .header("Origin", "https://www.guarded.example")
            .header("X-Forwarded-For", freshClient())
            .json("{\"email\":\"g@guarded.test\",\"return_url\":\"https://www.guarded.example/x\"}")
            .send();
    var otherPort =
        ask(
            host,
            "{\"email\":\"g@guarded.test\",\"return_url\":\"https://www.guarded.example:444/x\"}");
    var ownDomainButNotAllowed =
        ask(host, "{\"email\":\"g@guarded.test\",\"return_url\":\"https://guarded.test/x\"}");

    assertThat(allowed.status()).as(allowed.body()).isEqualTo(202);
    assertThat(allowed.header("Access-Control-Allow-Origin"))
        .isEqualTo("https://www.guarded.example");
    assertThat(otherPort.status()).isEqualTo(422);
    assertThat(ownDomainButNotAllowed.status()).isEqualTo(422);
  }

  @Test
  void badRequestsAreRefusedNamingTheField() {
    String host = TestData.host(tenant("bad").slug());

    var noEmail = ask(host, "{\"return_url\":\"http://bad.test/\"}");
    var notAnAddress = ask(host, "{\"email\":\"nobody\",\"return_url\":\"http://bad.test/\"}");
    var offOrigin =
        ask(host, "{\"email\":\"a@bad.test\",\"return_url\":\"https://evil.example/\"}");
    var notHttp = ask(host, "{\"email\":\"a@bad.test\",\"return_url\":\"javascript:alert(1)\"}");
    var withUser = ask(host, "{\"email\":\"a@bad.test\",\"return_url\":\"http://evil@bad.test/\"}");
    var noPage = ask(host, "{\"email\":\"a@bad.test\"}");
    var dataNoObject =
        ask(host, "{\"email\":\"a@bad.test\",\"return_url\":\"http://bad.test/\",\"data\":[1]}");
    var unknownHost = ask("nobody.test", "{\"email\":\"a@bad.test\"}");
    var landlordHost = ask("localhost", "{\"email\":\"a@bad.test\"}");
    var noToken = http.post("/api/magic-link/validate").host(host).json("{}").send();
    var unknownToken = validate(host, "no-such-token");
    var jwksOnLandlord = http.get("/.well-known/jwks.json").host("localhost").send();

    assertThat(noEmail.status()).isEqualTo(422);
    assertThat(noEmail.json().at("/errors/email/0").asString())
        .isEqualTo("The email field is required.");
    assertThat(notAnAddress.json().at("/errors/email/0").asString())
        .isEqualTo("The email field must be a valid email address.");
    for (var refused : List.of(offOrigin, notHttp, withUser, noPage)) {
      assertThat(refused.status()).as(refused.body()).isEqualTo(422);
      assertThat(refused.json().at("/errors").has("return_url")).isTrue();
    }
    assertThat(dataNoObject.json().at("/errors").has("data")).isTrue();
    assertThat(unknownHost.status()).isEqualTo(404);
    assertThat(landlordHost.status()).isEqualTo(404);
    assertThat(noToken.status()).isEqualTo(422);
    assertThat(noToken.json().at("/errors/token/0").asString())
        .isEqualTo("The token field is required.");
    assertThat(unknownToken.status()).isEqualTo(422);
    assertThat(unknownToken.json().path("message").asString())
        .isEqualTo("This sign-in link is not valid.");
    assertThat(jwksOnLandlord.status()).isEqualTo(404);
    assertThat(members.findByEmail(tenant("bad").id(), "a@bad.test"))
        .as("nobody was made")
        .isEmpty();
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void aTokenWorksOnlyOnTheHostOfTheTenantThatMailedIt() throws Exception {
    tenant("other");
    String host = TestData.host(tenant("mine").slug());
    ask(host, "{\"email\":\"m@mine.test\",\"return_url\":\"http://mine.test/\"}");
    String token = tokenOf(linkIn(onlyMail()));

    var elsewhere = validate(TestData.host("other"), token);
    var atHome = validate(host, token);

    assertThat(elsewhere.status()).isEqualTo(422);
    assertThat(elsewhere.json().path("message").asString())
        .isEqualTo("This sign-in link is not valid.");
    assertThat(atHome.status()).isEqualTo(200);
  }

  @Test
  void rotationSignsWithANewKeyAndPublishesTheOldOneUntilItsTokensExpire() throws Exception {
    Tenant keyed = tenant("keyed");
    String host = TestData.host(keyed.slug());
    var member = members.findOrCreate(keyed.id(), "k@keyed.test", null).member();
    ask(host, "{\"email\":\"k@keyed.test\",\"return_url\":\"http://keyed.test/\"}");
    String before = validate(host, tokenOf(linkIn(onlyMail()))).json().path("jwt").asString();
    String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
    SMTP.purgeEmailFromAllMailboxes();

    String newKid = rotation.rotate(keyed.id());
    ask(host, "{\"email\":\"k@keyed.test\",\"return_url\":\"http://keyed.test/\"}");
    String after = validate(host, tokenOf(linkIn(onlyMail()))).json().path("jwt").asString();
    mailWorker.drain(Duration.ofSeconds(5));

    assertThat(newKid).isNotEqualTo(oldKid);
    assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(newKid);
    assertThat(kids(host)).containsExactly(newKid, oldKid);
    verified(host, before, member.id().toString());
    verified(host, after, member.id().toString());

    // an hour and the skew margin later the old key's tokens have all expired: it is gone
    clock.advance(Duration.ofMinutes(66));
    rotation.rotateDue();
    assertThat(kids(host)).containsExactly(newKid);

    // the current key is replaced once it is 30 days old
    clock.advance(Duration.ofDays(30));
    assertThat(rotation.rotateDue()).isGreaterThanOrEqualTo(1);
    assertThat(kids(host))
        .hasSize(2)
        .doesNotContain(oldKid)
        .contains(newKid)
        .first()
        .isNotEqualTo(newKid);
  }

  private List<String> kids(String host) throws Exception {
    var keys = JWKSet.parse(http.get("/.well-known/jwks.json").host(host).send().body());
    return keys.getKeys().stream().map(k -> k.getKeyID()).toList();
  }

  @Test
  void theSigningKeysPrivateHalvesAreSealedAtRest() {
    Tenant sealed = tenant("sealed");
    assertThat(http.get("/.well-known/jwks.json").host(TestData.host("sealed")).send().status())
        .isEqualTo(200);

    Map<String, Object> row =
        jdbc.sql(
                "SELECT private_key, private_key_sealed, public_jwk FROM audience_signing_keys"
                    + " WHERE tenant_id = ?")
            .param(sealed.id().value())
            .query()
            .singleRow();

    assertThat(row.get("private_key_sealed")).isEqualTo(true);
    assertThat((String) row.get("private_key")).doesNotContain("\"d\"").doesNotContain("RSA");
    assertThat((String) row.get("public_jwk")).doesNotContain("\"d\"");
  }

  @Test
  void aLinkToADeletedMemberNoLongerSignsIn() throws Exception {
    Tenant shop = tenant("deleting");
    String host = TestData.host(shop.slug());
    ask(host, "{\"email\":\"d@deleting.test\",\"return_url\":\"http://deleting.test/\"}");
    String token = tokenOf(linkIn(mailTo("d@deleting.test")));
    var member = members.findByEmail(shop.id(), "d@deleting.test").orElseThrow();
    jdbc.sql("UPDATE audience_members SET deleted_at = now() WHERE id = ?")
        .param(member.id())
        .update();

    var refused = validate(host, token);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().path("message").asString())
        .isEqualTo("This sign-in link is not valid.");
  }
}
