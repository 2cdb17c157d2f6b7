package dev.allegro.streams;

import static dev.allegro.streams.SubscriptionApps.sessions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.streams.internal.SubscriptionRetention;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/** Retention: events older than SUBSCRIPTION_RETENTION go, and a cursor left behind is told. */
@AllegroTest
@Import(SubscriptionRetentionIT.Clocks.class)
class SubscriptionRetentionIT {

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

  @TestConfiguration
  static class Clocks {
    @Bean
    @Primary
    MovableClock movableClock() {
      return new MovableClock();
    }
  }

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Apps apps;
  @Autowired SubscriptionRetention retention;
  @Autowired MovableClock clock;

  @Test
  void eventsOlderThanTheRetentionAreTrimmedAndThePullSaysHowManyWereLost() {
    var app = new SubscriptionApps(http, data, apps);
    var shop = data.tenant("kept");
    String member = app.member(shop);
    String token = app.inHouseApp("keeper", shop);
    String queue = app.queue(token, "q");
    app.subscribe(token, queue, shop.slug(), "*");
    app.track(shop, member, "page_view", "old", 5);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sessions(app.pull(token, queue, null, 10)).size() == 5);
    // two of them acknowledged, three not
    var firstTwo = app.pull(token, queue, null, 2);
    app.pull(token, queue, firstTwo.json().path("ack_id").asString(), 1);

    clock.advance(Duration.ofDays(6));
    retention.run();
    assertThat(sessions(app.pull(token, queue, null, 10))).containsExactly("old3", "old4", "old5");

    clock.advance(Duration.ofDays(1).plusMinutes(1));
    retention.run();
    app.track(shop, member, "page_view", "new", 1);
    // waiting by depth, not by pulling: the first pull after the trim is the one that is told
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> app.get(token, "/api/v1/queues/" + queue).json().path("depth").asLong() == 1);

    var pulled = app.pull(token, queue, null, 10);
    assertThat(pulled.json().path("expired_skipped").asLong()).isEqualTo(3);
    assertThat(sessions(pulled)).containsExactly("new1");
    // said once: the cursor moved to the oldest retained event
    assertThat(app.pull(token, queue, null, 10).json().path("expired_skipped").asLong()).isZero();
  }
}
