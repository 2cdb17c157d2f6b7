package dev.allegro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.client.Event;
import dev.allegro.client.EventQueueConsumer;
import dev.allegro.client.Heartbeat;
import dev.allegro.client.HeartbeatQueueConsumer;
import dev.allegro.client.PollResult;
import dev.allegro.client.QueuedEvent;
import dev.allegro.client.TrackResult;
import dev.allegro.client.Tracker;
import dev.allegro.features.FeatureFlag;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The Java client's Tracker and consumers against the running server. */
@AllegroTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientEndToEndIT {

  @Autowired TestData data;
  @Autowired Http http;
  @Autowired JdbcClient jdbc;
  @Autowired Environment environment;

  String baseUrl;
  String token;

  @BeforeAll
  void givenATenantWithBothQueuesOn() {
    var tenant = data.tenant("e2e", FeatureFlag.USE_REDIS_EVENTS, FeatureFlag.SDK_HEARTBEAT);
    token = data.token(data.member("client@e2e.test", tenant));
    baseUrl = "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port");
  }

  @Test
  void trackedEventsAreStoredWithTheirTrackTimeAndConsumedExactlyOnce() throws Exception {
    var ids = new ArrayList<String>();
    var times = new ArrayList<Instant>();
    try (var tracker = Tracker.builder().baseUrl(baseUrl).host("e2e.test").token(token).build()) {
      for (int i = 0; i < 25; i++) {
        var result =
            tracker.track(
                Event.builder("add_to_cart", "session-" + i)
                    .url("https://e2e.example/book/" + i)
                    .data(Map.of("book_id", i))
                    .build());
        var queued = (TrackResult.Queued) result;
        ids.add(queued.event().id().toString());
        times.add(queued.event().createdAt());
      }
      assertThat(tracker.flush()).isTrue();
    }
    var stored =
        jdbc.sql("SELECT created_at FROM events WHERE id = ?::uuid")
            .param(ids.getFirst())
            .query(java.sql.Timestamp.class)
            .single()
            .toInstant();
    assertThat(stored).isEqualTo(times.getFirst());

    List<String> consumed = new CopyOnWriteArrayList<>();
    var consumer =
        EventQueueConsumer.builder()
            .baseUrl(baseUrl)
            .host("e2e.test")
            .token(token)
            .limit(10)
            .handler(batch -> batch.stream().map(QueuedEvent::id).forEach(consumed::add))
            .build();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              consumer.poll();
              return consumed.size() >= ids.size();
            });

    assertThat(consumed).containsExactlyElementsOf(ids);
    assertThat(consumer.poll()).isInstanceOf(PollResult.Empty.class);
  }

  @Test
  void aHandlerThatFailsGetsTheSameBatchAgainAndNothingIsDeleted() throws Exception {
    String id = UUID.randomUUID().toString();
    http.post("/api/events")
        .host("e2e.test")
        .json(
            "{\"id\":\""
                + id
                + "\",\"type\":\"page_view\",\"session_id\":\"s\",\"url\":\"https://e2e.example/\"}")
        .send();
    var attempts = new ArrayList<List<String>>();
    var consumer =
        EventQueueConsumer.builder()
            .baseUrl(baseUrl)
            .host("e2e.test")
            .token(token)
            .handler(
                batch -> {
                  attempts.add(batch.stream().map(QueuedEvent::id).toList());
                  if (attempts.size() == 1) {
                    throw new IllegalStateException("downstream is down");
                  }
                })
            .build();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> consumer.poll() instanceof PollResult.HandlerFailed);
    assertThat(consumer.poll()).isInstanceOf(PollResult.Handled.class);

    assertThat(attempts.get(1)).isEqualTo(attempts.get(0)).contains(id);
  }

  @Test
  void heartbeatsAreConsumedWithTheirEventIds() throws Exception {
    String pageView = UUID.randomUUID().toString();
    http.post("/api/heartbeat")
        .host("e2e.test")
        .json("{\"event_id\":\"" + pageView + "\",\"active_seconds\":30}")
        .send();
    List<Heartbeat> beats = new CopyOnWriteArrayList<>();
    var consumer =
        HeartbeatQueueConsumer.builder()
            .baseUrl(baseUrl)
            .host("e2e.test")
            .token(token)
            .handler(beats::addAll)
            .build();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> consumer.poll() instanceof PollResult.Handled);

    assertThat(beats).anyMatch(b -> b.eventId().equals(pageView) && b.activeSeconds() == 30);
  }
}
