package dev.allegro.eventqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.features.FeatureFlag;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

@AllegroTest
@TestPropertySource(properties = "eventqueue.cap=3")
class QueueCapIT {

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired JdbcClient jdbc;

  @Test
  void aboveTheCapEventsWaitInTheOutboxAndArriveInOrderAsTheConsumerDrains() {
    Tenant tenant = data.tenant("capped", FeatureFlag.USE_REDIS_EVENTS);
    String token = data.token(data.member("c@capped.test", tenant));
    var ids = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      ids.add(
          http.post("/api/events")
              .host("capped.test")
              .json("{\"type\":\"t\",\"session_id\":\"s\",\"url\":\"https://c.example/\"}")
              .send()
              .json()
              .get("event_id")
              .asString());
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> queued(token).size() == 3);
    assertThat(queued(token)).containsExactlyElementsOf(ids.subList(0, 3));
    assertThat(waiting()).isEqualTo(2);

    assertThat(
            http.delete("/api/platform/events?count=3")
                .host("capped.test")
                .bearer(token)
                .send()
                .status())
        .isEqualTo(204);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(queued(token)).containsExactlyElementsOf(ids.subList(3, 5)));
    assertThat(waiting()).isZero();
  }

  private long waiting() {
    // rows on the queue stay in the outbox as delivered until the consumer removes them
    return jdbc.sql("SELECT count(*) FROM outbox WHERE delivered IS NULL")
        .query(Long.class)
        .single();
  }

  private List<String> queued(String token) {
    var ids = new ArrayList<String>();
    http.get("/api/platform/events")
        .host("capped.test")
        .bearer(token)
        .send()
        .json()
        .at("/data/events")
        .forEach(e -> ids.add(e.get("id").asString()));
    return ids;
  }
}
