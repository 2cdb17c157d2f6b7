package dev.allegro.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.allegro.jobs.Queues;
import dev.allegro.jobs.internal.JobsProperties;
import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.jobs.internal.SupervisorFactory;
import dev.allegro.system.scheduling.PeriodicTask;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The dashboard's gate outside {@code APP_ENV=local}: sign-in by a mailed link (caught by a real
 * SMTP server), the session it starts, bearer tokens for scripts, and every refusal.
 */
@AllegroTest
@TestPropertySource(
    properties = {"allegro.env=staging", "allegro.auth.horizon-allowed-domains=alley.com"})
class DashboardAccessIT {

  private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  private static final Pattern LINK =
      Pattern.compile("(http\\S+/horizon/login/verify\\?token=[\\w-]+)");
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

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

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired SupervisorFactory supervisors;
  @Autowired JdbcClient jdbc;
  @Autowired List<PeriodicTask> tasks;

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

  /** A browser's cookie jar of one: the dashboard's session cookie. */
  private static final class Browser {
    String session;

    void keep(Http.Response response) {
      var cookies = response.headers().getOrDefault("set-cookie", List.of());
      for (String cookie : cookies) {
        if (cookie.startsWith("ALLEGRO_HORIZON_SESSION=")) {
          session = cookie.substring(0, cookie.indexOf(';'));
        }
      }
    }

    Http.Call with(Http.Call call) {
      return session == null ? call : call.header("Cookie", session);
    }
  }

  private Http.Response form(Browser browser, String path, String fields) {
    return form(browser, path, path, fields);
  }

  /**
   * Opens the page at {@code path} and submits its form, with {@code fields}, to {@code action}.
   */
  private Http.Response form(Browser browser, String path, String action, String fields) {
    var page = browser.with(http.get(path).header("Accept", "text/html")).send();
    browser.keep(page);
    var csrf = CSRF.matcher(page.body());
    assertThat(csrf.find()).as("a CSRF field on %s", path).isTrue();
    var response =
        browser
            .with(http.post(action).header("Accept", "text/html"))
            .body(fields + "&_csrf=" + encode(csrf.group(1)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send();
    browser.keep(response);
    return response;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private String mailedLink() {
    await().atMost(Duration.ofSeconds(10)).until(() -> SMTP.getReceivedMessages().length == 1);
    var matcher = LINK.matcher(GreenMailUtil.getBody(SMTP.getReceivedMessages()[0]));
    assertThat(matcher.find()).isTrue();
    return matcher.group(1);
  }

  private Browser signIn(String email) {
    var browser = new Browser();
    var asked = form(browser, "/horizon/login", "email=" + encode(email));
    assertThat(asked.status()).isEqualTo(200);
    String link = mailedLink();
    String token = link.substring(link.indexOf("token=") + 6);
    String before = browser.session;
    var redeemed =
        form(
            browser,
            "/horizon/login/verify?token=" + token,
            "/horizon/login/verify",
            "token=" + token);
    assertThat(redeemed.status()).isEqualTo(302);
    assertThat(redeemed.header("Location")).endsWith("/horizon");
    assertThat(browser.session).isNotNull().isNotEqualTo(before);
    return browser;
  }

  @Test
  void withoutASessionPagesGoToSignInAndTheApiAnswers401() {
    var page = http.get("/horizon/dashboard").header("Accept", "text/html").send();
    assertThat(page.status()).isEqualTo(302);
    assertThat(page.header("Location")).endsWith("/horizon/login");

    var api = http.get("/horizon/api/stats").send();
    assertThat(api.status()).isEqualTo(401);
    assertThat(api.json().path("message").asString()).isNotBlank();
  }

  @Test
  void aMailedLinkSignsInOnceAndStartsARotatedSession() {
    var admin = data.superAdmin("ops@alley.com");
    var browser = signIn(admin.email());

    var stats = browser.with(http.get("/horizon/api/stats")).send();
    assertThat(stats.status()).isEqualTo(200);
    assertThat(stats.json().has("jobsPerMinute")).isTrue();
    var dashboard =
        browser.with(http.get("/horizon/dashboard").header("Accept", "text/html")).send();
    assertThat(dashboard.status()).isEqualTo(200);
    assertThat(dashboard.body()).contains("ops@alley.com");
    assertThat(
            jdbc.sql("SELECT email_verified_at IS NOT NULL FROM users WHERE id = ?")
                .param(admin.id().value())
                .query(Boolean.class)
                .single())
        .isTrue();

    String link = GreenMailUtil.getBody(SMTP.getReceivedMessages()[0]);
    var matcher = LINK.matcher(link);
    assertThat(matcher.find()).isTrue();
    String token = matcher.group(1).substring(matcher.group(1).indexOf("token=") + 6);
    var again =
        form(
            new Browser(),
            "/horizon/login/verify?token=" + token,
            "/horizon/login/verify",
            "token=" + token);
    assertThat(again.status()).isEqualTo(422);
    assertThat(again.body()).contains("used, expired or unknown");
  }

  @Test
  void theSessionCookieIsHttpOnlyLaxAndSecureOutsideLocal() {
    var browser = new Browser();
    var page = http.get("/horizon/login").header("Accept", "text/html").send();
    browser.keep(page);
    String cookie =
        page.headers().get("set-cookie").stream()
            .filter(c -> c.startsWith("ALLEGRO_HORIZON_SESSION="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").contains("Secure");
    assertThat(cookie).contains("Path=/horizon");
  }

  @Test
  void theAnswerIsTheSameForStaffAndStrangersButOnlyStaffGetMail() throws Exception {
    data.superAdmin("lead@alley.com");
    data.member("member@alley.com");
    data.superAdmin("admin@elsewhere.com");

    var stranger = form(new Browser(), "/horizon/login", "email=nobody%40alley.com");
    var member = form(new Browser(), "/horizon/login", "email=member%40alley.com");
    var otherDomain = form(new Browser(), "/horizon/login", "email=admin%40elsewhere.com");
    var staff = form(new Browser(), "/horizon/login", "email=lead%40alley.com");

    for (var response : List.of(stranger, member, otherDomain)) {
      assertThat(response.status()).isEqualTo(staff.status());
      assertThat(response.body()).isEqualTo(staff.body().replaceAll(CSRF.pattern(), ""));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> SMTP.getReceivedMessages().length == 1);
    // and no second mail follows
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> SMTP.getReceivedMessages().length == 1);
    assertThat(SMTP.getReceivedMessages()[0].getAllRecipients()[0].toString())
        .isEqualTo("lead@alley.com");
  }

  @Test
  void linksAreAskedForAtMostFiveTimesPerAddressInTenMinutes() {
    data.superAdmin("busy@alley.com");
    for (int i = 0; i < 5; i++) {
      var asked = form(new Browser(), "/horizon/login", "email=busy%40alley.com");
      assertThat(asked.status()).as(asked.body() + asked.headers()).isEqualTo(200);
    }
    var limited = form(new Browser(), "/horizon/login", "email=busy%40alley.com");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isNotBlank();
  }

  @Test
  void linksAreForgottenADayAfterTheyExpired() {
    var admin = data.superAdmin("old-links@alley.com");
    for (String age : List.of("25 hours", "23 hours")) {
      jdbc.sql(
              "INSERT INTO sign_in_links (user_id, token_hash, expires_at)"
                  + " VALUES (?, md5(?) || md5(?), now() - ?::interval)")
          .params(admin.id().value(), age, age, age)
          .update();
    }

    tasks.stream()
        .filter(task -> task.schedule().name().equals("auth:sign-in-link-retention"))
        .findFirst()
        .orElseThrow()
        .run();

    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM sign_in_links WHERE user_id = ?"
                        + " AND expires_at < now() - interval '24 hours'")
                .param(admin.id().value())
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql("SELECT count(*) FROM sign_in_links WHERE user_id = ?")
                .param(admin.id().value())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void onlyTheHashOfALinkIsStored() {
    var admin = data.superAdmin("hash@alley.com");
    form(new Browser(), "/horizon/login", "email=hash%40alley.com");
    String link = mailedLink();
    String token = link.substring(link.indexOf("token=") + 6);
    var stored =
        jdbc.sql("SELECT token_hash FROM sign_in_links WHERE user_id = ?")
            .param(admin.id().value())
            .query(String.class)
            .list();
    assertThat(stored).hasSize(1);
    assertThat(stored.getFirst()).doesNotContain(token);
  }

  @Test
  void aSuperAdminTokenOfAnAllowedDomainMayCallTheApi() {
    var admin = data.superAdmin("script@alley.com");
    var response = http.get("/horizon/api/workload").bearer(data.token(admin)).send();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().isArray()).isTrue();

    // a bearer request needs no CSRF token
    var paused = http.post("/horizon/api/pause").bearer(data.token(admin)).send();
    assertThat(paused.status()).isEqualTo(204);
    assertThat(http.post("/horizon/api/continue").bearer(data.token(admin)).send().status())
        .isEqualTo(204);
  }

  @Test
  void tokensOfOthersAreRefused() {
    var member = data.member("someone@alley.com");
    var otherDomain = data.superAdmin("root@elsewhere.com");

    assertThat(http.get("/horizon/api/stats").bearer(data.token(member)).send().status())
        .isEqualTo(403);
    assertThat(http.get("/horizon/api/stats").bearer(data.token(otherDomain)).send().status())
        .isEqualTo(403);
    assertThat(http.get("/horizon/api/stats").bearer("not-a-token").send().status()).isEqualTo(401);
  }

  @Test
  void anActionWithoutTheCsrfTokenIsRefused() {
    var admin = data.superAdmin("csrf@alley.com");
    var browser = signIn(admin.email());
    var refused = browser.with(http.post("/horizon/api/pause")).send();
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("message").asString()).contains("CSRF token");
  }

  @Test
  void signingOutEndsTheSession() {
    var admin = data.superAdmin("leaving@alley.com");
    var browser = signIn(admin.email());
    var page = browser.with(http.get("/horizon/dashboard").header("Accept", "text/html")).send();
    var csrf = CSRF.matcher(page.body());
    assertThat(csrf.find()).isTrue();
    String session = browser.session;

    var out =
        browser
            .with(http.post("/horizon/logout").header("Accept", "text/html"))
            .body("_csrf=" + encode(csrf.group(1)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send();
    assertThat(out.status()).isEqualTo(302);
    assertThat(out.header("Location")).contains("/horizon/login");
    assertThat(http.get("/horizon/api/stats").header("Cookie", session).send().status())
        .isEqualTo(401);
  }

  @Test
  void aSuperAdminDemotedSinceSigningInIsRefusedAtOnce() {
    var admin = data.superAdmin("demoted@alley.com");
    var browser = signIn(admin.email());
    jdbc.sql("UPDATE users SET is_super_admin = false WHERE id = ?")
        .param(admin.id().value())
        .update();
    assertThat(browser.with(http.get("/horizon/api/stats")).send().status()).isEqualTo(403);
  }

  @Test
  void theDashboardIsNotServedOnATenantHost() {
    data.tenant("acme");
    var admin = data.superAdmin("tenanthost@alley.com");
    var response =
        http.get("/horizon/api/stats").host(TestData.host("acme")).bearer(data.token(admin)).send();
    assertThat(response.status()).isEqualTo(404);
  }
}
