package dev.allegro.apidocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.auth.TokenSecrets;
import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.FailedJobs;
import dev.allegro.jobs.JobId;
import dev.allegro.jobs.Jobs;
import dev.allegro.jobs.Queues;
import dev.allegro.jobs.internal.JobsProperties;
import dev.allegro.jobs.internal.SupervisorFactory;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.ApiContract;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays requests of its own for every operation of the "Horizon dashboard" part of {@code
 * docs/openapi.yaml}, outside {@code APP_ENV=local}: each success (with a super admin's bearer
 * token, and through a signed-in session with its CSRF token), each refusal a request can provoke
 * (anonymous: the JSON API 401, a page a redirect to the sign-in page; a token of no staff member;
 * a POST or DELETE of a session without its CSRF token; a tenant's or an unknown host; no such job;
 * invalid input; a body that is no JSON, of another type or too large). {@link Http} checks every
 * answer against the document; this test checks that each was the status it provokes. The sign-in
 * by a mailed link and its rate limit (429) are replayed by {@code DashboardAccessIT}.
 */
@AllegroTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(
    properties = {"allegro.env=staging", "allegro.auth.horizon-allowed-domains=alley.com"})
class HorizonApiReplayIT {

  static final String TAG = "Horizon dashboard";

  private static final String LANDLORD = "localhost";
  private static final String TENANT = TestData.host("horizon");
  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern CSRF_META =
      Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");
  private static final String TOO_LARGE = "{\"x\":\"" + "y".repeat(1024 * 1024) + "\"}";
  private static final String NOBODY = UUID.randomUUID().toString();

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Jobs jobs;
  @Autowired FailedJobs failedJobs;
  @Autowired SupervisorFactory supervisors;
  @Autowired JdbcClient jdbc;

  private final ApiContract contract = ApiContract.get();

  private String admin;
  private String member;
  private String failed;
  private String retried;
  private String deleted;
  private String pending;

  /** One request: which token, body and Accept header, and the status it must get. */
  record Call(String method, String path, String token, String body, boolean page, int status) {
    Call status(int expected) {
      return new Call(method, path, token, body, page, expected);
    }

    Call token(String other) {
      return new Call(method, path, other, body, page, status);
    }

    Call body(String json) {
      return new Call(method, path, token, json, page, status);
    }

    Call path(String other) {
      return new Call(method, other, token, body, page, status);
    }
  }

  @BeforeAll
  void givenStaffAMemberATenantAndFailedAndPendingJobs() {
    data.tenant("horizon");
    admin = data.token(data.superAdmin("replay@alley.com"));
    member = data.token(data.member("member@alley.com"));
    var workers =
        supervisors.create(
            new JobsProperties.Supervisor(
                JobsProperties.Balance.FALSE,
                List.of(Queues.DEFAULT),
                1,
                1,
                1,
                Duration.ofSeconds(3),
                1,
                Duration.ofSeconds(60)));
    workers.start();
    List<JobId> ids;
    try {
      ids =
          jobs.dispatch(
              "diagnostics.fail",
              JsonMapper.builder().build().createObjectNode().put("message", "replayed"),
              3,
              Dispatch.defaults().onQueue(Queues.DEFAULT).tries(1).tags("replay:horizon"));
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> ids.stream().allMatch(id -> failedJobs.find(id).isPresent()));
    } finally {
      workers.drain(Duration.ofSeconds(5));
    }
    failed = ids.get(0).toString();
    retried = ids.get(1).toString();
    deleted = ids.get(2).toString();
    // no worker runs from here on: a job dispatched now stays pending
    pending =
        jobs.dispatch(
                "diagnostics.sleep",
                JsonMapper.builder().build().createObjectNode().put("ms", 1),
                1,
                Dispatch.defaults().onQueue(Queues.DEFAULT))
            .getFirst()
            .toString();
  }

  private Call api(String method, String path, int status) {
    return new Call(method, path, admin, null, false, status);
  }

  private Call page(String path, int status) {
    return new Call("GET", path, admin, null, true, status);
  }

  private static Call open(String method, String path, boolean page, int status) {
    return new Call(method, path, null, null, page, status);
  }

  /** A successful request of each operation, by operationId, in the order they are sent. */
  private Map<String, List<Call>> successes() {
    var calls = new LinkedHashMap<String, List<Call>>();
    calls.put("horizonHome", List.of(page("/horizon", 302)));
    calls.put("horizonHomeSlash", List.of(page("/horizon/", 302)));
    calls.put("horizonDashboardPage", List.of(page("/horizon/dashboard", 200)));
    calls.put("horizonPendingJobsPage", List.of(page("/horizon/jobs/pending", 200)));
    calls.put("horizonCompletedJobsPage", List.of(page("/horizon/jobs/completed", 200)));
    calls.put("horizonJobPage", List.of(page("/horizon/jobs/" + pending, 200)));
    calls.put("horizonFailedJobsPage", List.of(page("/horizon/failed", 200)));
    calls.put("horizonFailedJobPage", List.of(page("/horizon/failed/" + failed, 200)));
    calls.put("horizonSearchPage", List.of(page("/horizon/search", 200)));
    calls.put("horizonMonitoringPage", List.of(page("/horizon/monitoring", 200)));
    calls.put("horizonTagPage", List.of(page("/horizon/monitoring/replay:horizon", 200)));
    calls.put("horizonMetricsPage", List.of(page("/horizon/metrics", 200)));
    calls.put("horizonAuditPage", List.of(page("/horizon/audit", 200)));
    calls.put("horizonSignInPage", List.of(open("GET", "/horizon/login", true, 200)));
    calls.put(
        "horizonConfirmSignInPage",
        List.of(open("GET", "/horizon/login/verify?token=abc", true, 200)));
    calls.put("horizonStats", List.of(api("GET", "/horizon/api/stats", 200)));
    calls.put("horizonWorkload", List.of(api("GET", "/horizon/api/workload", 200)));
    calls.put("horizonMasters", List.of(api("GET", "/horizon/api/masters", 200)));
    calls.put(
        "horizonPendingJobs",
        List.of(
            api("GET", "/horizon/api/jobs/pending", 200),
            api("GET", "/horizon/api/jobs/pending?starting_at=-1", 200)));
    calls.put(
        "horizonCompletedJobs",
        List.of(api("GET", "/horizon/api/jobs/completed?starting_at=49", 200)));
    calls.put(
        "horizonFailedJobs",
        List.of(
            api("GET", "/horizon/api/jobs/failed", 200),
            api(
                "GET",
                "/horizon/api/jobs/failed?queue=default&text=replayed&from=2020-01-01T00:00:00Z",
                200),
            api("GET", "/horizon/api/jobs/failed?tag=replay:horizon&starting_at=0", 200)));
    calls.put("horizonFailedJob", List.of(api("GET", "/horizon/api/jobs/failed/" + failed, 200)));
    calls.put(
        "horizonJob",
        List.of(
            api("GET", "/horizon/api/jobs/" + pending, 200),
            api("GET", "/horizon/api/jobs/" + failed, 200)));
    calls.put(
        "horizonSearch",
        List.of(
            api("GET", "/horizon/api/search?text=diagnostics", 200),
            api("GET", "/horizon/api/search?status=failed&queue=default", 200),
            api("GET", "/horizon/api/search?type=diagnostics.sleep&status=pending", 200)));
    calls.put("horizonRetryJob", List.of(api("POST", "/horizon/api/jobs/retry/" + retried, 200)));
    calls.put(
        "horizonRetryJobs",
        List.of(
            api("POST", "/horizon/api/jobs/retry", 200).body("{\"ids\":[\"" + failed + "\"]}"),
            api("POST", "/horizon/api/jobs/retry", 200)
                .body("{\"filter\":{\"queue\":\"nowhere\",\"from\":\"2020-01-01T00:00:00Z\"}}")));
    calls.put(
        "horizonDeleteFailedJob",
        List.of(api("DELETE", "/horizon/api/jobs/failed/" + deleted, 200)));
    calls.put(
        "horizonDeleteFailedJobs",
        List.of(
            api("POST", "/horizon/api/jobs/failed/delete", 200)
                .body("{\"ids\":[\"" + NOBODY + "\"]}")));
    calls.put("horizonPause", List.of(api("POST", "/horizon/api/pause", 204)));
    calls.put("horizonContinue", List.of(api("POST", "/horizon/api/continue", 204)));
    calls.put("horizonPauseQueue", List.of(api("POST", "/horizon/api/queues/default/pause", 204)));
    calls.put(
        "horizonResumeQueue", List.of(api("POST", "/horizon/api/queues/default/resume", 204)));
    calls.put("horizonMeasuredJobs", List.of(api("GET", "/horizon/api/metrics/jobs", 200)));
    calls.put(
        "horizonJobMetrics",
        List.of(
            api("GET", "/horizon/api/metrics/jobs/diagnostics.fail", 200),
            api("GET", "/horizon/api/metrics/jobs/diagnostics.fail?period=month", 200)));
    calls.put("horizonMeasuredQueues", List.of(api("GET", "/horizon/api/metrics/queues", 200)));
    calls.put(
        "horizonQueueMetrics",
        List.of(
            api("GET", "/horizon/api/metrics/queues/default", 200),
            api("GET", "/horizon/api/metrics/queues/default?period=DAY", 200)));
    calls.put(
        "horizonMonitorTag",
        List.of(
            api("POST", "/horizon/api/monitoring", 204).body("{\"tag\":\"replay:horizon\"}"),
            api("POST", "/horizon/api/monitoring", 204).body("{\"tag\":\"replay:doomed\"}")));
    calls.put("horizonMonitoredTags", List.of(api("GET", "/horizon/api/monitoring", 200)));
    calls.put(
        "horizonTaggedJobs",
        List.of(
            api("GET", "/horizon/api/monitoring/replay:horizon", 200),
            api("GET", "/horizon/api/monitoring/replay:horizon?starting_at=1&limit=100", 200)));
    calls.put(
        "horizonStopMonitoring",
        List.of(api("DELETE", "/horizon/api/monitoring/replay:doomed", 204)));
    calls.put(
        "horizonAudit",
        List.of(
            api("GET", "/horizon/api/audit", 200),
            api("GET", "/horizon/api/audit?starting_at=0&limit=1", 200)));
    return calls;
  }

  /**
   * The operations whose success needs more than one request: a session's sign-in and its CSRF
   * token, replayed by {@link #aSessionSignsInAndActsWithItsCsrfToken()}.
   */
  private static final List<String> SIGN_IN = List.of("horizonRequestSignInLink", "horizonSignIn");

  /** A request of each operation that takes input, with input it refuses as invalid. */
  private Map<String, Call> invalid() {
    var calls = new LinkedHashMap<String, Call>();
    calls.put("horizonPendingJobs", api("GET", "/horizon/api/jobs/pending?starting_at=x", 422));
    calls.put(
        "horizonCompletedJobs", api("GET", "/horizon/api/jobs/completed?starting_at=1.5", 422));
    calls.put("horizonFailedJobs", api("GET", "/horizon/api/jobs/failed?from=yesterday", 422));
    calls.put("horizonSearch", api("GET", "/horizon/api/search?status=lost&to=soon", 422));
    calls.put(
        "horizonJobMetrics",
        api("GET", "/horizon/api/metrics/jobs/diagnostics.fail?period=y", 422));
    calls.put(
        "horizonQueueMetrics", api("GET", "/horizon/api/metrics/queues/default?period=week", 422));
    calls.put("horizonMonitorTag", api("POST", "/horizon/api/monitoring", 422).body("{}"));
    calls.put(
        "horizonTaggedJobs", api("GET", "/horizon/api/monitoring/replay:horizon?limit=0", 422));
    calls.put("horizonAudit", api("GET", "/horizon/api/audit?limit=101", 422));
    calls.put("horizonPauseQueue", api("POST", "/horizon/api/queues/nowhere/pause", 422));
    calls.put("horizonResumeQueue", api("POST", "/horizon/api/queues/nowhere/resume", 422));
    calls.put("horizonRetryJobs", api("POST", "/horizon/api/jobs/retry", 422).body("{}"));
    calls.put(
        "horizonDeleteFailedJobs",
        api("POST", "/horizon/api/jobs/failed/delete", 422).body("{\"ids\":\"all\"}"));
    return calls;
  }

  private Http.Response send(Call call, String host) {
    Http.Call request =
        switch (call.method()) {
          case "GET" -> http.get(call.path());
          case "POST" -> http.post(call.path());
          case "DELETE" -> http.delete(call.path());
          default -> throw new IllegalArgumentException(call.method());
        };
    request.host(host);
    if (call.page()) {
      request.header("Accept", "text/html");
    }
    if (call.token() != null) {
      request.bearer(call.token());
    }
    if (call.body() != null) {
      request.json(call.body());
    }
    return request.send();
  }

  /** Sends each call, collecting each whose status was not the one it provokes. */
  private List<String> replay(String what, Map<String, List<Call>> calls, String host) {
    var wrong = new ArrayList<String>();
    calls.forEach(
        (id, list) -> {
          for (Call call : list) {
            int status = send(call, host).status();
            if (status != call.status()) {
              wrong.add(
                  id + " " + what + " (" + call.path() + "): " + status + ", not " + call.status());
            }
          }
        });
    return wrong;
  }

  private Map<String, List<Call>> firstOfEach(java.util.function.UnaryOperator<Call> change) {
    var first = new LinkedHashMap<String, List<Call>>();
    successes().forEach((id, calls) -> first.put(id, List.of(change.apply(calls.getFirst()))));
    return first;
  }

  private TreeSet<String> documented() {
    var ids = new TreeSet<String>();
    contract.operations().stream()
        .filter(operation -> operation.node().path("tags").toString().contains('"' + TAG + '"'))
        .forEach(operation -> ids.add(operation.id()));
    return ids;
  }

  @Test
  void everyDashboardOperationOfTheDocumentHasItsRequestsHere() {
    var replayed = new TreeSet<>(successes().keySet());
    replayed.addAll(SIGN_IN);
    assertThat(documented()).hasSizeGreaterThan(40);
    assertThat(replayed).containsExactlyInAnyOrderElementsOf(documented());

    var takingInput = new TreeSet<String>();
    contract.operations().stream()
        .filter(operation -> documented().contains(operation.id()))
        .filter(operation -> operation.node().path("responses").has("422"))
        .forEach(operation -> takingInput.add(operation.id()));
    var refused = new TreeSet<>(invalid().keySet());
    refused.add("horizonSignIn");
    assertThat(refused).containsExactlyInAnyOrderElementsOf(takingInput);
  }

  @Test
  void everyOperationAnswersItsSuccessToASuperAdminsToken() {
    assertThat(replay("with a super admin's token", successes(), LANDLORD)).isEmpty();
  }

  @Test
  void anonymousTheApiAnswers401OrRefusesAnActionWithoutCsrfAndAPageRedirectsToSignIn() {
    var wrong = new ArrayList<String>();
    successes()
        .forEach(
            (id, calls) -> {
              Call call = calls.getFirst().token(null);
              if (call.path().startsWith("/horizon/login")) {
                return; // the sign-in pages are public
              }
              var response = send(call, LANDLORD);
              int expected =
                  call.page() ? 302 : call.method().equals("GET") ? 401 : 403; // no CSRF token
              if (response.status() != expected) {
                wrong.add(id + " anonymous: " + response.status() + ", not " + expected);
              } else if (call.page() && !response.header("Location").endsWith("/horizon/login")) {
                wrong.add(id + " anonymous redirects to " + response.header("Location"));
              }
            });

    assertThat(wrong).isEmpty();
  }

  @Test
  void aTokenOfNoStaffMemberIsForbiddenAndAnUnknownOneUnauthenticated() {
    var dashboard = new LinkedHashMap<String, List<Call>>();
    successes().forEach((id, calls) -> dashboard.put(id, List.of(calls.getFirst())));
    dashboard.keySet().removeIf(id -> id.contains("SignIn")); // public pages

    var foreign = new LinkedHashMap<String, List<Call>>();
    var unknown = new LinkedHashMap<String, List<Call>>();
    dashboard.forEach(
        (id, calls) -> {
          foreign.put(id, List.of(calls.getFirst().token(member).status(403)));
          unknown.put(id, List.of(calls.getFirst().token("1|not-a-live-token").status(401)));
        });

    assertThat(replay("with a member's token", foreign, LANDLORD)).isEmpty();
    assertThat(replay("with an unknown token", unknown, LANDLORD)).isEmpty();
  }

  @Test
  void everyOperationIsNotFoundOnATenantsHostAndOnAnUnknownOne() {
    var calls = firstOfEach(call -> call.status(404));
    SIGN_IN.forEach(
        id ->
            calls.put(
                id,
                List.of(
                    open(
                            "POST",
                            id.equals("horizonSignIn") ? "/horizon/login/verify" : "/horizon/login",
                            true,
                            404)
                        .token(admin))));

    assertThat(replay("on a tenant's host", calls, TENANT)).isEmpty();
    assertThat(replay("on an unknown host", calls, "nobody.test")).isEmpty();
  }

  @Test
  void everyOperationThatTakesInputRefusesInvalidInput() {
    var calls = new LinkedHashMap<String, List<Call>>();
    invalid().forEach((id, call) -> calls.put(id, List.of(call)));

    assertThat(replay("with invalid input", calls, LANDLORD)).isEmpty();
  }

  @Test
  void everyOperationWithABodyRefusesNoJsonAnotherTypeAndTooMuch() {
    var notJson = new LinkedHashMap<String, List<Call>>();
    var tooLarge = new LinkedHashMap<String, List<Call>>();
    var types = new ArrayList<String>();
    successes()
        .forEach(
            (id, list) -> {
              Call call = list.getFirst();
              if (call.body() != null) {
                notJson.put(id, List.of(call.body("{not json").status(400)));
                tooLarge.put(id, List.of(call.body(TOO_LARGE).status(413)));
                int status =
                    http.post(call.path())
                        .host(LANDLORD)
                        .bearer(admin)
                        .json(call.body())
                        .header("Content-Type", "application/xml")
                        .send()
                        .status();
                if (status != 415) {
                  types.add(id + " with application/xml: " + status + ", not 415");
                }
              }
            });

    assertThat(notJson).hasSize(3);
    assertThat(replay("with a body that is no JSON", notJson, LANDLORD)).isEmpty();
    assertThat(replay("with a body over its limit", tooLarge, LANDLORD)).isEmpty();
    assertThat(types).isEmpty();
  }

  @Test
  void aJobThatIsNotThereIsNotFound() {
    var calls = new LinkedHashMap<String, List<Call>>();
    calls.put(
        "horizonJob",
        List.of(
            api("GET", "/horizon/api/jobs/" + NOBODY, 404),
            api("GET", "/horizon/api/jobs/not-a-uuid", 404)));
    calls.put("horizonFailedJob", List.of(api("GET", "/horizon/api/jobs/failed/" + NOBODY, 404)));
    calls.put("horizonRetryJob", List.of(api("POST", "/horizon/api/jobs/retry/" + NOBODY, 404)));
    calls.put(
        "horizonRetryJobs",
        List.of(api("POST", "/horizon/api/jobs/retry", 404).body("{\"ids\":[\"no-uuid\"]}")));
    calls.put(
        "horizonDeleteFailedJob",
        List.of(api("DELETE", "/horizon/api/jobs/failed/" + NOBODY, 404)));
    calls.put(
        "horizonDeleteFailedJobs",
        List.of(
            api("POST", "/horizon/api/jobs/failed/delete", 404).body("{\"ids\":[\"no-uuid\"]}")));
    calls.put(
        "horizonStopMonitoring",
        List.of(api("DELETE", "/horizon/api/monitoring/never-monitored", 404)));

    assertThat(replay("of no such job", calls, LANDLORD)).isEmpty();
  }

  /** A browser's cookie jar of one: the dashboard's session cookie. */
  private static final class Browser {
    String session;

    Http.Response keep(Http.Response response) {
      for (String cookie : response.headers().getOrDefault("set-cookie", List.of())) {
        if (cookie.startsWith("ALLEGRO_HORIZON_SESSION=")) {
          session = cookie.substring(0, cookie.indexOf(';'));
        }
      }
      return response;
    }

    Http.Call with(Http.Call call) {
      return session == null ? call : call.header("Cookie", session);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String csrf(Pattern pattern, Http.Response page) {
    var matcher = pattern.matcher(page.body());
    assertThat(matcher.find()).as("a CSRF token in %s", page.body()).isTrue();
    return matcher.group(1);
  }

  private Http.Response form(Browser browser, String action, String fields, String csrf) {
    return browser.keep(
        browser
            .with(http.post(action).header("Accept", "text/html"))
            .body(fields + (csrf == null ? "" : "&_csrf=" + encode(csrf)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send());
  }

  @Test
  void aSessionSignsInAndActsWithItsCsrfToken() {
    var user = data.superAdmin("session@alley.com");
    var browser = new Browser();
    var login =
        browser.keep(browser.with(http.get("/horizon/login").header("Accept", "text/html")).send());
    assertThat(login.status()).isEqualTo(200);
    String loginCsrf = csrf(CSRF_FIELD, login);

    assertThat(form(browser, "/horizon/login", "email=session%40alley.com", null).status())
        .isEqualTo(403);
    assertThat(form(browser, "/horizon/login", "email=session%40alley.com", loginCsrf).status())
        .isEqualTo(200);

    // the link the mail would carry (DashboardAccessIT signs in through a real mail)
    String token = "replay-" + UUID.randomUUID();
    jdbc.sql("INSERT INTO sign_in_links (user_id, token_hash, expires_at) VALUES (?, ?, ?)")
        .params(
            user.id().value(),
            TokenSecrets.sha256Hex(token),
            Timestamp.from(Instant.now().plusSeconds(600)))
        .update();
    var verify =
        browser.keep(
            browser
                .with(
                    http.get("/horizon/login/verify?token=" + token).header("Accept", "text/html"))
                .send());
    assertThat(verify.status()).isEqualTo(200);
    String verifyCsrf = csrf(CSRF_FIELD, verify);
    assertThat(form(browser, "/horizon/login/verify", "token=" + token, null).status())
        .isEqualTo(403);
    var signedIn = form(browser, "/horizon/login/verify", "token=" + token, verifyCsrf);
    assertThat(signedIn.status()).isEqualTo(302);
    assertThat(signedIn.header("Location")).endsWith("/horizon");
    assertThat(form(new Browser(), "/horizon/login/verify", "token=" + token, null).status())
        .as("a form without the session's CSRF token")
        .isEqualTo(403);
    var again = new Browser();
    String againCsrf =
        csrf(
            CSRF_FIELD,
            again.keep(
                again
                    .with(
                        http.get("/horizon/login/verify?token=" + token)
                            .header("Accept", "text/html"))
                    .send()));
    assertThat(form(again, "/horizon/login/verify", "token=" + token, againCsrf).status())
        .as("a used link")
        .isEqualTo(422);

    var dashboard =
        browser.with(http.get("/horizon/dashboard").header("Accept", "text/html")).send();
    assertThat(dashboard.status()).isEqualTo(200);
    String csrf = csrf(CSRF_META, dashboard);
    assertThat(browser.with(http.get("/horizon/api/stats")).send().status()).isEqualTo(200);
    assertThat(browser.with(http.post("/horizon/api/pause")).send().status()).isEqualTo(403);
    assertThat(
            browser
                .with(http.post("/horizon/api/pause"))
                .header("X-CSRF-TOKEN", csrf)
                .send()
                .status())
        .isEqualTo(204);
    assertThat(
            browser
                .with(http.post("/horizon/api/continue"))
                .header("X-CSRF-TOKEN", csrf)
                .send()
                .status())
        .isEqualTo(204);
    assertThat(
            browser
                .with(http.delete("/horizon/api/monitoring/never-monitored"))
                .header("X-CSRF-TOKEN", csrf)
                .send()
                .status())
        .isEqualTo(404);
  }
}
