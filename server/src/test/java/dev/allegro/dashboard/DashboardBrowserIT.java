package dev.allegro.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.FailedJobs;
import dev.allegro.jobs.HorizonControl;
import dev.allegro.jobs.JobId;
import dev.allegro.jobs.JobMonitor;
import dev.allegro.jobs.JobStatus;
import dev.allegro.jobs.Jobs;
import dev.allegro.jobs.MetricsSnapshots;
import dev.allegro.jobs.Queues;
import dev.allegro.jobs.internal.JobsProperties;
import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.jobs.internal.SupervisorFactory;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Chromium;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard in real headless Chromium, outside {@code APP_ENV=local}: a staff member signs in
 * through a link caught by a real SMTP server, finds a failed job, searches it, retries it and sees
 * it complete; sees the throughput chart drawn; pauses a queue; those who are not staff get no
 * link. A screenshot of every page goes under {@code target/screenshots/}.
 */
@AllegroTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(
    properties = {"allegro.env=staging", "allegro.auth.horizon-allowed-domains=alley.com"})
class DashboardBrowserIT {

  private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  private static final Pattern LINK =
      Pattern.compile("(http\\S+/horizon/login/verify\\?token=[\\w-]+)");

  static {
    SMTP.start();
  }

  @DynamicPropertySource
  static void mailServer(DynamicPropertyRegistry registry) {
    registry.add("allegro.mail.host", () -> "127.0.0.1");
    registry.add("allegro.mail.port", () -> SMTP.getSmtp().getPort());
  }

  @Autowired TestData data;
  @Autowired Jobs jobs;
  @Autowired JobMonitor monitor;
  @Autowired FailedJobs failedJobs;
  @Autowired HorizonControl control;
  @Autowired MetricsSnapshots snapshots;
  @Autowired SupervisorFactory supervisors;

  @Value("${local.server.port}")
  int port;

  private Chromium chromium;
  private Supervisor workers;
  private BrowserContext staff;

  @BeforeAll
  void openChromiumAndStartWorkers() {
    chromium = Chromium.launch();
    // the pages read their data again every 3 s: what a click changes shows within a few
    PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
    workers =
        supervisors.create(
            new JobsProperties.Supervisor(
                JobsProperties.Balance.FALSE,
                List.of(Queues.HIGH, Queues.DEFAULT, Queues.AUDIENCE_SYNC),
                2,
                2,
                2,
                Duration.ofSeconds(3),
                1,
                Duration.ofSeconds(60)));
    workers.start();
  }

  @AfterAll
  void closeChromiumAndStopWorkers() {
    if (workers != null) {
      workers.drain(Duration.ofSeconds(5));
    }
    if (chromium != null) {
      chromium.close();
    }
    SMTP.stop();
  }

  @BeforeEach
  void signedInStaff() throws Exception {
    SMTP.purgeEmailFromAllMailboxes();
    control.resumeQueue(Queues.DEFAULT);
    staff = chromium.newContext();
  }

  @AfterEach
  void closeContext() {
    staff.close();
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }

  /** Signs in through the mailed link, screenshots on the way when {@code shoot}. */
  private Page signIn(String email, boolean shoot) {
    var page = staff.newPage();
    page.navigate(url("/horizon/dashboard"));
    assertThat(page).hasURL(url("/horizon/login"));
    if (shoot) {
      Chromium.screenshot(page, "horizon-login");
    }
    page.getByLabel("Work email").fill(email);
    page.getByText("Email me a sign-in link").click();
    assertThat(page.locator("#sent")).isVisible();
    if (shoot) {
      Chromium.screenshot(page, "horizon-login-sent");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> SMTP.getReceivedMessages().length == 1);
    var link = LINK.matcher(GreenMailUtil.getBody(SMTP.getReceivedMessages()[0]));
    assertThat(link.find()).isTrue();
    page.navigate(link.group(1));
    if (shoot) {
      Chromium.screenshot(page, "horizon-login-verify");
    }
    page.locator("#sign-in").click();
    assertThat(page).hasURL(url("/horizon/dashboard"));
    return page;
  }

  @Test
  void staffSignInThroughAMailedLinkAndSeeTheOverview() {
    data.superAdmin("ops@alley.com");
    var page = signIn("ops@alley.com", true);

    assertThat(page.locator("[data-stat=status]")).hasText("running");
    assertThat(page.locator("#workload tbody tr")).hasCount(3);
    assertThat(page.locator("#supervisors")).containsText("workers");
    assertThat(page.locator("#supervisors tbody tr").first().locator("td").last())
        .containsText("ago");
    assertThat(page.locator("header")).containsText("ops@alley.com");
    Chromium.screenshot(page, "horizon-dashboard");

    page.getByText("Sign out").click();
    assertThat(page).hasURL(Pattern.compile(".*/horizon/login\\?signed-out"));
    page.navigate(url("/horizon/dashboard"));
    assertThat(page).hasURL(url("/horizon/login"));
  }

  @Test
  void aFailedJobIsFoundSearchedRetriedAndCompletes() {
    data.superAdmin("retrier@alley.com");
    Instant until = Instant.now().plusSeconds(4);
    JobId id =
        jobs.dispatch(
                "diagnostics.fail",
                JsonMapper.builder().build().createObjectNode().put("until", until.toString()),
                1,
                Dispatch.defaults().onQueue(Queues.DEFAULT).tries(1).tags("browser:test"))
            .getFirst();
    await().atMost(Duration.ofSeconds(10)).until(() -> failedJobs.find(id).isPresent());
    var page = signIn("retrier@alley.com", false);

    page.navigate(url("/horizon/failed"));
    var row = page.locator("#failed tr[data-job='" + id + "']");
    assertThat(row).containsText("diagnostics.fail");
    assertThat(row).containsText("fails until");
    Chromium.screenshot(page, "horizon-failed");

    page.navigate(url("/horizon/search"));
    page.getByLabel("Text").fill(id.toString());
    page.getByLabel("Status").selectOption("failed");
    page.getByText("Search", new Page.GetByTextOptions().setExact(true)).last().click();
    assertThat(page.locator("#results tbody")).containsText("diagnostics.fail");
    assertThat(page.locator("#results tbody tr")).hasCount(1);
    Chromium.screenshot(page, "horizon-search");

    page.locator("#results a", new Page.LocatorOptions().setHasText("diagnostics.fail")).click();
    assertThat(page.locator("#facts")).containsText("failed");
    assertThat(page.locator("#exception")).containsText("IllegalStateException");
    Chromium.screenshot(page, "horizon-job-failed");

    await().until(() -> Instant.now().isAfter(until));
    page.locator("#retry-job").click();
    assertThat(page.locator("#confirm")).isVisible();
    page.locator("#confirm-ok").click();
    assertThat(page.locator("#facts")).containsText("completed");
    assertThat(page.locator("#facts")).containsText("Retried as");
    Chromium.screenshot(page, "horizon-job-completed");
    assertThat(monitor.job(id).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);

    page.navigate(url("/horizon/audit"));
    var entry = page.locator("#audit tbody tr").first();
    assertThat(entry).containsText("retrier@alley.com");
    assertThat(entry).containsText("retry");
    assertThat(entry).containsText(id.toString());
    Chromium.screenshot(page, "horizon-audit");
  }

  @Test
  void theThroughputChartIsDrawnFromTheSnapshots() {
    data.superAdmin("charts@alley.com");
    for (int round = 0; round < 2; round++) {
      var ids =
          jobs.dispatch(
              "diagnostics.noop",
              JsonMapper.builder().build().createObjectNode(),
              5 + round * 5,
              Dispatch.defaults().onQueue(Queues.DEFAULT));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  ids.stream()
                      .allMatch(
                          i ->
                              monitor
                                  .job(i)
                                  .map(r -> r.status() == JobStatus.COMPLETED)
                                  .orElse(false)));
      snapshots.take();
    }
    var page = signIn("charts@alley.com", false);
    page.navigate(url("/horizon/metrics?queue=default"));

    Locator chart = page.locator("#throughput-chart .uplot canvas");
    assertThat(chart).isVisible();
    assertThat(page.locator("#runtime-chart .uplot canvas")).isVisible();
    assertThat(page.locator("#no-data")).isHidden();
    Object drawn =
        page.evaluate(
            "() => { const c = document.querySelector('#throughput-chart canvas');"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " let painted = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted++;"
                + " return painted; }");
    assertThat(((Number) drawn).intValue()).as("painted pixels of the chart").isGreaterThan(100);
    Chromium.screenshot(page, "horizon-metrics");
  }

  @Test
  void aQueueIsPausedAndResumedFromTheWorkload() {
    data.superAdmin("pauser@alley.com");
    var page = signIn("pauser@alley.com", false);
    var row = page.locator("#workload tr[data-queue=default]");
    assertThat(row).containsText("running");

    row.getByText("Pause").click();
    assertThat(page.locator("#confirm-text")).containsText("Pause the default queue?");
    page.locator("#confirm-ok").click();
    assertThat(row).containsText("paused");
    assertThat(control.pausedQueues()).containsExactly(Queues.DEFAULT);
    Chromium.screenshot(page, "horizon-queue-paused");

    JobId waiting =
        jobs.dispatch(
                "diagnostics.noop",
                JsonMapper.builder().build().createObjectNode(),
                1,
                Dispatch.defaults().onQueue(Queues.DEFAULT))
            .getFirst();
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .until(() -> monitor.job(waiting).orElseThrow().status() == JobStatus.PENDING);

    row.getByText("Resume").click();
    assertThat(row).containsText("running");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> monitor.job(waiting).orElseThrow().status() == JobStatus.COMPLETED);
  }

  @Test
  void aTagIsMonitoredAndItsJobsListed() {
    data.superAdmin("watcher@alley.com");
    var page = signIn("watcher@alley.com", false);
    page.navigate(url("/horizon/monitoring"));
    page.getByLabel("Tag").fill("tenant:7");
    page.getByText("Monitor tag").click();
    assertThat(page.locator("#tags tbody")).containsText("tenant:7");

    jobs.dispatch(
        "diagnostics.noop",
        JsonMapper.builder().build().createObjectNode(),
        2,
        Dispatch.defaults().onQueue(Queues.DEFAULT).tags("tenant:7"));
    assertThat(page.locator("#tags tbody tr").first()).containsText("2");
    Chromium.screenshot(page, "horizon-monitoring");

    page.locator("#tags")
        .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("tenant:7"))
        .click();
    assertThat(page.locator("#jobs tbody tr")).hasCount(2);
    Chromium.screenshot(page, "horizon-tag");

    page.navigate(url("/horizon/jobs/completed"));
    assertThat(page.locator("#jobs tbody")).containsText("diagnostics.noop");
    Chromium.screenshot(page, "horizon-jobs-completed");
    page.navigate(url("/horizon/jobs/pending"));
    assertThat(page.locator("#total")).containsText("in the past hour");
    Chromium.screenshot(page, "horizon-jobs-pending");
  }

  @Test
  void neitherAMemberNorASuperAdminOfAnotherDomainGetsALink() throws Exception {
    data.member("member@alley.com");
    data.superAdmin("root@elsewhere.com");
    for (String email : List.of("member@alley.com", "root@elsewhere.com")) {
      var page = staff.newPage();
      page.navigate(url("/horizon/login"));
      page.getByLabel("Work email").fill(email);
      page.getByText("Email me a sign-in link").click();
      assertThat(page.locator("#sent")).isVisible();
      page.navigate(url("/horizon/dashboard"));
      assertThat(page).hasURL(url("/horizon/login"));
      Chromium.screenshot(page, "horizon-refused-" + email.substring(0, email.indexOf('@')));
    }
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> SMTP.getReceivedMessages().length == 0);
  }
}
