package dev.allegro.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.JobMonitor;
import dev.allegro.jobs.Jobs;
import dev.allegro.jobs.Queues;
import dev.allegro.jobs.internal.JobsProperties;
import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.jobs.internal.SupervisorFactory;
import dev.allegro.system.scheduling.PeriodicTask;
import dev.allegro.test.AllegroTest;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code horizon:alerts}: a queue over its wait threshold, or failing more than the failure-rate
 * threshold, is mailed (GreenMail) and posted to the alert webhook (a real HTTP server on
 * loopback), once per cooldown however many nodes check at the same moment.
 */
@AllegroTest
class QueueAlertsIT {

  private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  private static final List<String> POSTS = new CopyOnWriteArrayList<>();
  private static final HttpServer RECEIVER = receiver();

  static {
    SMTP.start();
    RECEIVER.start();
  }

  private static HttpServer receiver() {
    try {
      var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/alerts",
          exchange -> {
            POSTS.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void alerting(DynamicPropertyRegistry registry) {
    registry.add("allegro.mail.host", () -> "127.0.0.1");
    registry.add("allegro.mail.port", () -> SMTP.getSmtp().getPort());
    registry.add("allegro.dashboard.alerts.wait-thresholds", () -> "high=3600,default=2");
    registry.add("allegro.dashboard.alerts.failure-rate", () -> "0.5");
    registry.add("allegro.dashboard.alerts.failure-rate-min-jobs", () -> "4");
    registry.add("allegro.dashboard.alerts.mail", () -> "oncall@alley.com,lead@example.org");
    registry.add(
        "allegro.dashboard.alerts.webhook-url",
        () -> "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/alerts");
    registry.add("allegro.dashboard.alerts.cooldown", () -> "1h");
  }

  @AfterAll
  static void stopServers() {
    SMTP.stop();
    RECEIVER.stop(0);
  }

  @Autowired List<PeriodicTask> tasks;
  @Autowired Jobs jobs;
  @Autowired JobMonitor monitor;
  @Autowired SupervisorFactory supervisors;

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void aQueueWaitingLongerThanItsThresholdAlertsOnceAcrossNodesPerCooldown() throws Exception {
    // given jobs on default (threshold 2 s) and high (threshold 1 h) that no worker takes
    var empty = json.createObjectNode();
    jobs.dispatch("diagnostics.noop", empty, 3, Dispatch.defaults().onQueue(Queues.DEFAULT));
    jobs.dispatch("diagnostics.noop", empty, 1, Dispatch.defaults().onQueue(Queues.HIGH));
    Instant pushed = Instant.now();
    await().until(() -> Instant.now().isAfter(pushed.plusSeconds(3)));

    // when two nodes check at the same moment, and again a minute later
    var alerts = alertsTask();
    CompletableFuture.allOf(
            CompletableFuture.runAsync(alerts::run), CompletableFuture.runAsync(alerts::run))
        .join();
    alerts.run();

    // then default's wait is mailed to every recipient once and posted to the webhook once
    List<JsonNode> waits = posted("long_wait");
    assertThat(waits).hasSize(1);
    JsonNode alert = waits.getFirst();
    assertThat(alert.get("queue").asString()).isEqualTo("default");
    assertThat(alert.get("wait_seconds").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(alert.get("threshold_seconds").asLong()).isEqualTo(2);
    assertThat(alert.get("pending").asLong()).isEqualTo(3);
    assertThat(alert.get("environment").asString()).isEqualTo("local");
    assertThat(alert.get("message").asString()).contains("Queue default");
    // (GreenMail keeps one copy per recipient)
    List<MimeMessage> mails = mailsAbout("Queue default: jobs wait");
    assertThat(mails).hasSize(2);
    assertThat(mails.getFirst().getHeader("To", ","))
        .contains("oncall@alley.com")
        .contains("lead@example.org");
    assertThat(mailsAbout("Queue high")).isEmpty();
  }

  @Test
  void aQueueFailingMoreThanTheThresholdAlertsWithItsFigures() throws Exception {
    // given four of four jobs failing on audience-sync
    Supervisor worker = worker(Queues.AUDIENCE_SYNC);
    try {
      jobs.dispatch(
          "diagnostics.fail",
          json.createObjectNode(),
          4,
          Dispatch.defaults().onQueue(Queues.AUDIENCE_SYNC).tries(1));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> monitor.outcomes(Queues.AUDIENCE_SYNC).failed() == 4);
    } finally {
      worker.drain(Duration.ofSeconds(5));
    }

    // when the alerts are checked
    alertsTask().run();

    // then the failure rate is reported with the counts behind it
    List<JsonNode> failing =
        posted("failure_rate").stream()
            .filter(a -> a.get("queue").asString().equals(Queues.AUDIENCE_SYNC))
            .toList();
    assertThat(failing).hasSize(1);
    assertThat(failing.getFirst().get("failure_rate").asDouble()).isEqualTo(1.0);
    assertThat(failing.getFirst().get("threshold").asDouble()).isEqualTo(0.5);
    assertThat(failing.getFirst().get("failed").asLong()).isEqualTo(4);
    assertThat(failing.getFirst().get("completed").asLong()).isZero();
    assertThat(mailsAbout("Queue audience-sync: 4 of 4 jobs failed")).hasSize(2);
  }

  private PeriodicTask alertsTask() {
    return tasks.stream()
        .filter(task -> task.schedule().name().equals("horizon:alerts"))
        .findFirst()
        .orElseThrow();
  }

  private Supervisor worker(String queue) {
    var worker =
        supervisors.create(
            new JobsProperties.Supervisor(
                JobsProperties.Balance.FALSE,
                List.of(queue),
                1,
                1,
                1,
                Duration.ofSeconds(3),
                1,
                Duration.ofSeconds(60)));
    worker.start();
    return worker;
  }

  private List<JsonNode> posted(String kind) {
    return POSTS.stream()
        .map(json::readTree)
        .filter(node -> node.get("alert").asString().equals(kind))
        .toList();
  }

  private static List<MimeMessage> mailsAbout(String subject) {
    return Arrays.stream(SMTP.getReceivedMessages())
        .filter(
            m -> {
              try {
                return m.getSubject().contains(subject);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }
}
