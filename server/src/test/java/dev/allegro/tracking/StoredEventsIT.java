package dev.allegro.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.features.FeatureFlag;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Stored events read back for a replay: as the Event Queue serves them, by range and type. */
@AllegroTest
class StoredEventsIT {

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired StoredEvents stored;

  private static final Instant AT =
      Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);

  private void track(String host, String type, Instant at, String data) {
    var answer =
        http.post("/api/events")
            .host(host)
            .json(
                "{\"type\":\""
                    + type
                    + "\",\"session_id\":\"s1\",\"url\":\"https://shop.example/a?b=1\","
                    + "\"event_sequence\":3,\"created_at\":\""
                    + at
                    + "\",\"data\":"
                    + data
                    + "}")
            .send();
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
  }

  @Test
  void storedEventsReadBackAsTheQueueServesThemWithinTheRangeAndTypes() {
    // given a tenant's queued events: two in the range (one of another type), one at its end
    Tenant tenant = data.tenant("stored", FeatureFlag.USE_REDIS_EVENTS);
    data.tenant("other-stored");
    String host = TestData.host(tenant.slug());
    String token = data.token(data.member("m@stored.test", tenant));
    track(host, "page_view", AT, "{\"zeta\":1,\"alpha\":{\"b\":[1,2],\"a\":null}}");
    track(host, "purchase", AT.plusSeconds(1), "{\"total\":12.5}");
    track(host, "page_view", AT.plusSeconds(2), "{}");
    track(TestData.host("other-stored"), "page_view", AT, "{}");
    var queued = new ArrayList<JsonNode>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              queued.clear();
              http.get("/api/platform/events")
                  .host(host)
                  .bearer(token)
                  .send()
                  .json()
                  .at("/data/events")
                  .forEach(queued::add);
              return queued.size() == 3;
            });

    // when the range [AT, AT + 2 s) is read, all types, then page views only, then at most one
    var all = stored.between(tenant.id(), AT, AT.plusSeconds(2), Set.of(), 10);
    var views = stored.between(tenant.id(), AT, AT.plusSeconds(2), Set.of("page_view"), 10);
    var first = stored.between(tenant.id(), AT, AT.plusSeconds(2), Set.of(), 1);

    // then each event is the queue's JSON, field for field and in the queue's order
    assertThat(all).extracting(StoredEvents.Stored::type).containsExactly("page_view", "purchase");
    for (int i = 0; i < 2; i++) {
      JsonNode read = Http.json(all.get(i).json());
      assertThat(read).isEqualTo(queued.get(i));
      assertThat(read.propertyNames()).containsExactlyElementsOf(queued.get(i).propertyNames());
      assertThat(all.get(i).id().toString()).isEqualTo(queued.get(i).get("id").asString());
      assertThat(all.get(i).createdAt()).isEqualTo(AT.plusSeconds(i));
    }
    assertThat(views).hasSize(1);
    assertThat(views.getFirst().type()).isEqualTo("page_view");
    assertThat(first).extracting(StoredEvents.Stored::id).containsExactly(all.getFirst().id());
    assertThat(stored.between(tenant.id(), AT.plusSeconds(3), AT.plusSeconds(60), Set.of(), 10))
        .isEmpty();
    List<StoredEvents.Stored> end =
        stored.between(tenant.id(), AT.plusSeconds(2), AT.plusSeconds(3), Set.of(), 10);
    assertThat(end).as("to is excluded, from included").hasSize(1);
  }
}
