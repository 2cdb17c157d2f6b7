package dev.allegro.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TrackerTest {

  private FakeAllegro allegro;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void startFake() throws Exception {
    allegro = new FakeAllegro();
  }

  @AfterEach
  void stopFake() {
    if (allegro.postGate != null) {
      allegro.postGate.countDown();
    }
    allegro.close();
  }

  private Tracker.Builder tracker() {
    return Tracker.builder()
        .baseUrl(allegro.baseUrl())
        .token(FakeAllegro.TOKEN)
        .sleeper(sleeper)
        .listener(deliveries::add);
  }

  private List<FakeAllegro.Request> posts() {
    return allegro.requests("POST", "/api/v1/events");
  }

  private static Event addToCart(int book) {
    return Event.builder("add_to_cart", "session-1")
        .objectType("book")
        .objectId(Integer.toString(book))
        .data(Map.of("price", 12.5))
        .build();
  }

  @Test
  void eventsAreSentInBatchesOfAtMostOneHundred() {
    // given
    try (Tracker tracker = tracker().linger(Duration.ofMinutes(1)).build()) {

      // when
      for (int i = 0; i < 250; i++) {
        assertThat(tracker.track(addToCart(i)).accepted()).isTrue();
      }
      assertThat(tracker.flush()).isTrue();

      // then
      assertThat(posts())
          .extracting(p -> Json.MAPPER.readTree(p.body()).get("events").size())
          .containsExactly(100, 100, 50);
      assertThat(allegro.tracked()).hasSize(250);
      assertThat(tracker.stats().sent()).isEqualTo(250);
    }
  }

  @Test
  void aBatchLeavesAfterTheLingerWithoutAFlush() {
    // given
    try (Tracker tracker = tracker().linger(Duration.ofMillis(50)).build()) {

      // when
      tracker.track("page_view", "session-1");

      // then
      await().until(() -> allegro.tracked().size() == 1);
      assertThat(deliveries).singleElement().isInstanceOf(Delivery.Sent.class);
    }
  }

  @Test
  void eventsCarryTheirFieldsAClientIdAndTheTimeOfTrack() {
    // given: a clock that moves on after track
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00.123456Z"));
    try (Tracker tracker = tracker().clock(clock).linger(Duration.ofMinutes(1)).build()) {

      // when
      TrackResult result = tracker.track(addToCart(7));
      clock.now = Instant.parse("2026-03-01T11:30:00Z");
      tracker.flush();

      // then
      TrackedEvent queued = ((TrackResult.Queued) result).event();
      JsonNode sent = allegro.tracked().get(0);
      assertThat(sent.get("created_at").asString()).isEqualTo("2026-03-01T10:00:00.123Z");
      assertThat(sent.get("id").asString()).isEqualTo(queued.id().toString());
      assertThat(sent.get("type").asString()).isEqualTo("add_to_cart");
      assertThat(sent.get("session_id").asString()).isEqualTo("session-1");
      assertThat(sent.get("object_type").asString()).isEqualTo("book");
      assertThat(sent.get("object_id").asString()).isEqualTo("7");
      assertThat(sent.get("data").get("price").asDouble()).isEqualTo(12.5);
      assertThat(sent.has("url")).isFalse();
    }
  }

  @Test
  void trackNeverBlocksAndDropsTheNewestWhenTheBufferIsFull() {
    // given: a server that does not answer and a buffer of 10
    allegro.postGate = new CountDownLatch(1);
    try (Tracker tracker =
        tracker().bufferCapacity(10).batchSize(5).linger(Duration.ZERO).build()) {
      List<TrackResult> results = new ArrayList<>();
      // a first batch in flight, its POST held: the sender takes nothing more meanwhile
      assertThat(tracker.track(addToCart(-1)).accepted()).isTrue();
      await().until(() -> tracker.stats().buffered() == 0);

      // when
      assertTimeoutPreemptively(
          Duration.ofSeconds(2),
          () -> {
            for (int i = 0; i < 100; i++) {
              results.add(tracker.track(addToCart(i)));
            }
          });

      // then: the 10 the buffer holds were accepted, the rest dropped
      long accepted = results.stream().filter(TrackResult::accepted).count();
      assertThat(accepted).isEqualTo(10);
      assertThat(results.get(99))
          .isEqualTo(
              new TrackResult.Dropped(
                  ((TrackResult.Dropped) results.get(99)).event(), TrackResult.Reason.BUFFER_FULL));
      assertThat(tracker.stats().dropped()).isEqualTo(100 - accepted);
      allegro.postGate.countDown();
      assertThat(tracker.flush()).isTrue();
      assertThat(allegro.tracked()).hasSize((int) accepted + 1);
    }
  }

  @Test
  void serverErrorsAreRetriedWithTheSameIdsSoNothingIsCountedTwice() {
    // given: two failures, then success
    allegro.answerNextPost(503, "{\"message\":\"Service Unavailable\"}", null);
    allegro.answerNextPost(500, "{\"message\":\"Server Error\"}", null);
    try (Tracker tracker = tracker().linger(Duration.ofMinutes(1)).build()) {
      tracker.track(addToCart(1));
      tracker.track(addToCart(2));

      // when
      tracker.flush();

      // then
      assertThat(posts()).hasSize(3);
      assertThat(posts()).extracting(FakeAllegro.Request::body).containsOnly(posts().get(0).body());
      assertThat(deliveries)
          .singleElement()
          .isEqualTo(new Delivery.Sent(deliveries.get(0).events(), 3));
      assertThat(allegro.tracked()).hasSize(2);
      assertThat(sleeper.pauses).hasSize(2);
    }
  }

  @Test
  void tooManyRequestsIsRetriedAfterTheServersRetryAfter() {
    // given
    allegro.answerNextPost(429, "{\"message\":\"Too Many Attempts.\"}", "7");
    try (Tracker tracker = tracker().linger(Duration.ofMinutes(1)).build()) {
      tracker.track(addToCart(1));

      // when
      tracker.flush();

      // then
      assertThat(sleeper.pauses).containsExactly(Duration.ofSeconds(7));
      assertThat(posts()).hasSize(2);
      assertThat(allegro.tracked()).hasSize(1);
    }
  }

  @Test
  void aBatchIsGivenUpAfterFiveTriesWithJitteredExponentialBackoff() {
    // given: a server that keeps failing
    for (int i = 0; i < 10; i++) {
      allegro.answerNextPost(503, "{\"message\":\"Service Unavailable\"}", null);
    }
    try (Tracker tracker =
        tracker()
            .linger(Duration.ofMinutes(1))
            .retryPolicy(new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(500)))
            .build()) {
      tracker.track(addToCart(1));

      // when
      tracker.flush();

      // then
      assertThat(posts()).hasSize(5);
      assertThat(deliveries)
          .singleElement()
          .isInstanceOfSatisfying(
              Delivery.GaveUp.class,
              gaveUp -> {
                assertThat(gaveUp.attempts()).isEqualTo(5);
                assertThat(gaveUp.reason()).contains("503");
              });
      long[] caps = {100, 200, 400, 500};
      assertThat(sleeper.pauses).hasSize(4);
      for (int i = 0; i < caps.length; i++) {
        assertThat(sleeper.pauses.get(i).toMillis()).isBetween(0L, caps[i]);
      }
      assertThat(tracker.stats().failed()).isEqualTo(1);
    }
  }

  @Test
  void networkErrorsAreRetriedThenGivenUp() {
    // given: nothing listens on the port any more
    String url = allegro.baseUrl();
    allegro.close();
    try (Tracker tracker =
        Tracker.builder()
            .baseUrl(url)
            .token(FakeAllegro.TOKEN)
            .sleeper(sleeper)
            .listener(deliveries::add)
            .linger(Duration.ofMinutes(1))
            .build()) {
      tracker.track(addToCart(1));

      // when
      tracker.flush();

      // then
      assertThat(deliveries)
          .singleElement()
          .isInstanceOfSatisfying(
              Delivery.GaveUp.class, gaveUp -> assertThat(gaveUp.attempts()).isEqualTo(5));
      assertThat(sleeper.pauses).hasSize(4);
    }
  }

  @Test
  void invalidInputIsRejectedWithoutRetry() {
    // given
    String errors =
        "{\"message\":\"The events.0.url field must be a valid URL.\","
            + "\"errors\":{\"events.0.url\":[\"The events.0.url field must be a valid URL.\"]}}";
    allegro.answerNextPost(422, errors, null);
    try (Tracker tracker = tracker().linger(Duration.ofMinutes(1)).build()) {
      tracker.track(Event.builder("page_view", "s").url("not a url").build());

      // when
      tracker.flush();

      // then
      assertThat(posts()).hasSize(1);
      assertThat(sleeper.pauses).isEmpty();
      assertThat(deliveries)
          .singleElement()
          .isInstanceOfSatisfying(
              Delivery.Rejected.class,
              rejected -> {
                assertThat(rejected.status()).isEqualTo(422);
                assertThat(rejected.body()).contains("events.0.url");
              });
      assertThat(tracker.stats().rejected()).isEqualTo(1);
    }
  }

  @Test
  void closeSendsWhatIsBufferedAndRefusesNewEvents() {
    // given: a long linger, so nothing leaves by itself
    Tracker tracker = tracker().linger(Duration.ofMinutes(5)).build();
    tracker.track(addToCart(1));
    tracker.track(addToCart(2));
    tracker.track(addToCart(3));

    // when
    assertTimeoutPreemptively(Duration.ofSeconds(10), tracker::close);

    // then
    assertThat(allegro.tracked()).hasSize(3);
    assertThat(tracker.track(addToCart(4)))
        .isInstanceOfSatisfying(
            TrackResult.Dropped.class,
            dropped -> assertThat(dropped.reason()).isEqualTo(TrackResult.Reason.CLOSED));
  }

  @Test
  void closeIsBoundedWhenTheServerHangs() {
    // given: a server that never answers
    allegro.postGate = new CountDownLatch(1);
    Tracker tracker =
        tracker()
            .linger(Duration.ZERO)
            .requestTimeout(Duration.ofSeconds(30))
            .closeTimeout(Duration.ofMillis(300))
            .build();
    tracker.track(addToCart(1));
    await().until(() -> !posts().isEmpty());
    tracker.track(addToCart(2));

    // when
    assertTimeoutPreemptively(Duration.ofSeconds(10), tracker::close);

    // then: both events are reported as given up
    assertThat(deliveries).allMatch(Delivery.GaveUp.class::isInstance);
    assertThat(deliveries).flatExtracting(Delivery::events).hasSize(2);
    assertThat(tracker.stats().failed()).isEqualTo(2);
  }

  @Test
  void anEventMayBringItsOwnIdAndTime() {
    // given
    java.util.UUID id = java.util.UUID.randomUUID();
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    try (Tracker tracker = tracker().linger(Duration.ofMinutes(1)).build()) {

      // when
      tracker.track(Event.builder("purchase", "s").id(id).createdAt(at).build());
      tracker.flush();

      // then
      JsonNode sent = allegro.tracked().get(0);
      assertThat(sent.get("id").asString()).isEqualTo(id.toString());
      assertThat(sent.get("created_at").asString()).isEqualTo("2026-01-01T00:00:00Z");
    }
  }

  @Test
  void anInvalidTypeIsRefusedAtOnce() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> Event.builder("Add To Cart", "s"));
  }

  @Test
  void anEventSequenceOutsideTheServersRangeIsRefusedAtOnce() {
    var builder = Event.builder("page_view", "s");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.eventSequence(2_147_483_648L))
        .withMessageContaining("between 0 and 2147483647");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.eventSequence(-1));
    builder.eventSequence(Integer.MAX_VALUE);
  }

  private static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
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
      return now;
    }
  }
}
