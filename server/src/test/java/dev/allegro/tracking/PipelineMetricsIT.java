package dev.allegro.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.features.FeatureFlag;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.Prometheus;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The ingestion and outbox meters on the management port's scrape move as events are accepted,
 * rejected, held back by a full queue and relayed.
 */
@AllegroTest
@TestPropertySource(
    properties = {"eventqueue.cap=2", "allegro.tracking.sdk-rate-limit-per-minute=0"})
class PipelineMetricsIT {

  private static final String EVENT =
      "{\"type\":\"page_view\",\"session_id\":\"s\",\"url\":\"https://m.example/\"}";

  @Autowired Http http;
  @Autowired TestData data;

  private double value(String name, Map<String, String> labels) {
    return Prometheus.scrape(http).value(name, labels);
  }

  private static double zeroIfAbsent(double value) {
    return Double.isNaN(value) ? 0 : value;
  }

  @Test
  void everyMeterIsThereFromTheStartWithoutTenantLabels() {
    var scrape = Prometheus.scrape(http);

    for (String reason :
        new String[] {
          "validation",
          "too_large",
          "unsupported_media_type",
          "rate_limited",
          "storage",
          "malformed"
        }) {
      assertThat(scrape.value("allegro_ingestion_rejected_total", Map.of("reason", reason)))
          .as(reason)
          .isNotNaN();
    }
    for (String queue : new String[] {"events", "heartbeats"}) {
      var labels = Map.of("target", queue);
      assertThat(scrape.value("allegro_outbox_backlog", labels)).as(queue).isNotNaN();
      assertThat(scrape.value("allegro_outbox_oldest_age_seconds", labels)).as(queue).isNotNaN();
      assertThat(scrape.value("allegro_outbox_relay_pushed_total", labels)).as(queue).isNotNaN();
      assertThat(scrape.value("allegro_outbox_relay_failures_total", labels)).as(queue).isNotNaN();
    }
    assertThat(scrape.has("allegro_ingestion_commit_rows_count")).isTrue();
    assertThat(scrape.has("allegro_ingestion_commit_seconds_count")).isTrue();
    assertThat(
            scrape.value(
                "allegro_ingestion_request_seconds_count",
                Map.of("kind", "heartbeats", "answer", "rejected")))
        .isNotNaN();
    assertThat(scrape.scrape()).doesNotContain("tenant=");
  }

  @Test
  void acceptedAndRejectedEventsAndCommitsAreCounted() {
    data.tenant("counted", FeatureFlag.SDK_HEARTBEAT);
    var sdkEvents = Map.of("kind", "events", "source", "sdk");
    double accepted = zeroIfAbsent(value("allegro_ingestion_accepted_total", sdkEvents));
    double beats =
        zeroIfAbsent(value("allegro_ingestion_accepted_total", Map.of("kind", "heartbeats")));
    double invalid =
        value("allegro_ingestion_rejected_total", Map.of("kind", "events", "reason", "validation"));
    double unsupported =
        value(
            "allegro_ingestion_rejected_total",
            Map.of("kind", "events", "reason", "unsupported_media_type"));
    double commits = value("allegro_ingestion_commit_rows_count", Map.of());
    var sdkEventRequests = Map.of("kind", "events", "source", "sdk", "answer", "accepted");
    var refusedEventRequests = Map.of("kind", "events", "source", "sdk", "answer", "rejected");
    double requests = value("allegro_ingestion_request_seconds_count", sdkEventRequests);
    double refusedRequests = value("allegro_ingestion_request_seconds_count", refusedEventRequests);
    double rows = value("allegro_ingestion_commit_rows_sum", Map.of());

    assertThat(http.post("/api/events").host("counted.test").json(EVENT).send().status())
        .isEqualTo(201);
    assertThat(
            http.post("/api/events")
                .host("counted.test")
                .json("{\"events\":[" + EVENT + "," + EVENT + "]}")
                .send()
                .status())
        .isEqualTo(202);
    assertThat(
            http.post("/api/heartbeat")
                .host("counted.test")
                .json("{\"event_id\":\"" + UUID.randomUUID() + "\",\"active_seconds\":4}")
                .send()
                .status())
        .isEqualTo(204);
    assertThat(http.post("/api/events").host("counted.test").json("{}").send().status())
        .isEqualTo(422);
    assertThat(
            http.post("/api/events")
                .host("counted.test")
                .json(EVENT)
                .header("Content-Type", "application/xml")
                .send()
                .status())
        .isEqualTo(415);

    var after = Prometheus.scrape(http);
    assertThat(after.value("allegro_ingestion_accepted_total", sdkEvents)).isEqualTo(accepted + 3);
    assertThat(after.value("allegro_ingestion_accepted_total", Map.of("kind", "heartbeats")))
        .isEqualTo(beats + 1);
    assertThat(
            after.value(
                "allegro_ingestion_rejected_total",
                Map.of("kind", "events", "reason", "validation")))
        .isEqualTo(invalid + 1);
    assertThat(
            after.value(
                "allegro_ingestion_rejected_total",
                Map.of("kind", "events", "reason", "unsupported_media_type")))
        .isEqualTo(unsupported + 1);
    assertThat(after.value("allegro_ingestion_commit_rows_count", Map.of()))
        .isGreaterThanOrEqualTo(commits + 1);
    assertThat(after.value("allegro_ingestion_commit_rows_sum", Map.of())).isEqualTo(rows + 4);
    assertThat(after.value("allegro_ingestion_request_seconds_count", sdkEventRequests))
        .isEqualTo(requests + 2);
    assertThat(after.value("allegro_ingestion_request_seconds_count", refusedEventRequests))
        .isEqualTo(refusedRequests + 2);
    assertThat(after.value("allegro_ingestion_request_seconds_sum", sdkEventRequests))
        .isGreaterThan(0);
  }

  @Test
  void theOutboxBacklogAndItsAgeShowWhileAFullQueueHoldsItemsBackAndPushesAreCounted() {
    Tenant tenant = data.tenant("backlog", FeatureFlag.USE_REDIS_EVENTS);
    String token = data.token(data.member("c@backlog.test", tenant));
    var events = Map.of("target", "events");
    double pushed = value("allegro_outbox_relay_pushed_total", events);

    for (int i = 0; i < 5; i++) {
      assertThat(http.post("/api/events").host("backlog.test").json(EVENT).send().status())
          .isEqualTo(201);
    }

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              var scrape = Prometheus.scrape(http);
              assertThat(scrape.value("allegro_outbox_backlog", events)).isEqualTo(3);
              assertThat(scrape.value("allegro_outbox_oldest_age_seconds", events)).isPositive();
              assertThat(scrape.value("allegro_outbox_relay_pushed_total", events))
                  .isEqualTo(pushed + 2);
            });

    assertThat(
            http.delete("/api/platform/events?count=2")
                .host("backlog.test")
                .bearer(token)
                .send()
                .status())
        .isEqualTo(204);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              var scrape = Prometheus.scrape(http);
              assertThat(scrape.value("allegro_outbox_backlog", events)).isEqualTo(1);
              assertThat(scrape.value("allegro_outbox_relay_pushed_total", events))
                  .isEqualTo(pushed + 4);
            });
  }
}
