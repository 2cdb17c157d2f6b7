package dev.allegro.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueueConsumerTest {

  private FakeAllegro allegro;
  private final List<List<String>> handled = new CopyOnWriteArrayList<>();
  private final List<PollResult> results = new CopyOnWriteArrayList<>();
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void startFake() throws Exception {
    allegro = new FakeAllegro();
  }

  @AfterEach
  void stopFake() {
    allegro.close();
  }

  private QueueConsumerBuilder<QueuedEvent, EventQueueConsumer> events() {
    return EventQueueConsumer.builder()
        .baseUrl(allegro.baseUrl())
        .token(FakeAllegro.TOKEN)
        .sleeper(sleeper)
        .listener(results::add)
        .handler(batch -> handled.add(batch.stream().map(QueuedEvent::id).toList()));
  }

  @Test
  void deleteRemovesExactlyTheBatchCountWithTheLastId() throws Exception {
    // given
    String first = allegro.pushEvent("page_view");
    allegro.pushEvent("page_view");
    String last = allegro.pushEvent("add_to_cart");
    EventQueueConsumer consumer = events().build();

    // when
    PollResult result = consumer.poll();

    // then
    assertThat(result).isEqualTo(new PollResult.Handled(3, last));
    assertThat(handled).containsExactly(List.of(first, handled.get(0).get(1), last));
    assertThat(allegro.requests("DELETE", "/api/platform/events"))
        .singleElement()
        .satisfies(
            delete -> {
              assertThat(delete.query()).containsEntry("count", "3").containsEntry("last_id", last);
            });
    assertThat(allegro.eventIds()).isEmpty();
  }

  @Test
  void eventsArrivingBetweenGetAndDeleteSurviveTheDelete() throws Exception {
    // given: the handler sees one event while two more arrive
    allegro.pushEvent("page_view");
    List<String> late = new ArrayList<>();
    EventQueueConsumer consumer =
        events()
            .handler(
                batch -> {
                  late.add(allegro.pushEvent("late"));
                  late.add(allegro.pushEvent("late"));
                })
            .build();

    // when
    PollResult result = consumer.poll();

    // then
    assertThat(result).isInstanceOf(PollResult.Handled.class);
    assertThat(allegro.eventIds()).containsExactlyElementsOf(late);
  }

  @Test
  void limitBoundsTheBatch() throws Exception {
    // given
    for (int i = 0; i < 5; i++) {
      allegro.pushEvent("page_view");
    }
    EventQueueConsumer consumer = events().limit(2).build();

    // when
    consumer.poll();

    // then
    assertThat(handled).hasSize(1);
    assertThat(handled.get(0)).hasSize(2);
    assertThat(allegro.requests("GET", "/api/platform/events").get(0).query())
        .containsEntry("limit", "2");
    assertThat(allegro.eventIds()).hasSize(3);
  }

  @Test
  void handlerFailureDeletesNothingAndHandsTheSameBatchAgain() throws Exception {
    // given: a handler that fails the first time
    String a = allegro.pushEvent("page_view");
    String b = allegro.pushEvent("page_view");
    AtomicInteger calls = new AtomicInteger();
    EventQueueConsumer consumer =
        events()
            .handler(
                batch -> {
                  handled.add(batch.stream().map(QueuedEvent::id).toList());
                  if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("downstream is down");
                  }
                })
            .build();

    // when
    PollResult failed = consumer.poll();
    int deletesAfterFailure = allegro.requests("DELETE", "/api/platform/events").size();
    PollResult retried = consumer.poll();

    // then
    assertThat(failed).isInstanceOf(PollResult.HandlerFailed.class);
    assertThat(deletesAfterFailure).isZero();
    assertThat(retried).isEqualTo(new PollResult.Handled(2, b));
    assertThat(handled).containsExactly(List.of(a, b), List.of(a, b));
    assertThat(allegro.eventIds()).isEmpty();
  }

  @Test
  void handlerFailureInTheLoopBacksOffAndRetriesTheBatch() {
    // given
    String id = allegro.pushEvent("page_view");
    AtomicInteger calls = new AtomicInteger();
    try (EventQueueConsumer consumer =
        events()
            .handler(
                batch -> {
                  if (calls.incrementAndGet() < 3) {
                    throw new IllegalStateException("not yet");
                  }
                  handled.add(batch.stream().map(QueuedEvent::id).toList());
                })
            .start()) {

      // when / then
      await().until(() -> !handled.isEmpty());
      assertThat(consumer.isFinished()).isFalse();
      assertThat(handled.get(0)).containsExactly(id);
      assertThat(sleeper.pauses).hasSizeGreaterThanOrEqualTo(2);
      assertThat(allegro.requests("DELETE", "/api/platform/events")).hasSize(1);
    }
  }

  @Test
  void emptyQueueBacksOffWithGrowingCappedJitteredPauses() {
    // given: an empty queue, backoff 100 ms doubling to 1 s
    try (EventQueueConsumer consumer =
        events().backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).start()) {

      // when
      await().until(() -> sleeper.pauses.size() >= 7);
      consumer.stop();
    }

    // then: each pause lies in [step/2, step] with step 100, 200, 400, 800, 1000, 1000, ...
    long[] steps = {100, 200, 400, 800, 1000, 1000, 1000};
    for (int i = 0; i < steps.length; i++) {
      assertThat(sleeper.pauses.get(i).toMillis()).isBetween(steps[i] / 2, steps[i]);
    }
    assertThat(allegro.requests("DELETE", "/api/platform/events")).isEmpty();
    assertThat(results)
        .filteredOn(r -> !(r instanceof PollResult.Stopped))
        .allMatch(r -> r.equals(new PollResult.Empty(false)));
  }

  @Test
  void backoffStepDoublesUpToTheCap() {
    // given
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
    RandomGenerator top = new FixedRandom();

    // when / then: the jitter's upper end is the capped doubling
    assertThat(backoff.delay(0, top)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delay(3, top)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.delay(60, top)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void closeCutsAPauseShortAndWaitsForTheLoopToEnd() {
    // given: a consumer sleeping a long backoff on an empty queue, with real sleeps
    EventQueueConsumer consumer =
        events()
            .sleeper(Sleeper.THREAD_SLEEP)
            .backoff(Duration.ofMinutes(5), Duration.ofMinutes(5))
            .start();
    await().until(() -> !results.isEmpty());

    // when
    assertTimeoutPreemptively(Duration.ofSeconds(10), consumer::close);

    // then
    assertThat(consumer.isFinished()).isTrue();
  }

  @Test
  void closeCutsALongPollShort() {
    // given: a consumer long-polling an empty queue for 20 s
    EventQueueConsumer consumer = events().longPoll(Duration.ofSeconds(20)).start();
    await().until(() -> !allegro.requests("GET", "/api/platform/events").isEmpty());

    // when
    assertTimeoutPreemptively(Duration.ofSeconds(10), consumer::close);

    // then
    assertThat(consumer.isFinished()).isTrue();
  }

  @Test
  void closeLetsTheRunningHandlerFinishAndDeletesItsBatch() throws Exception {
    // given: a handler blocked in the middle of a batch
    allegro.pushEvent("page_view");
    CountDownLatch inHandler = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EventQueueConsumer consumer =
        events()
            .handler(
                batch -> {
                  inHandler.countDown();
                  release.await();
                })
            .start();
    inHandler.await();

    // when
    Thread closer = Thread.ofPlatform().start(consumer::close);
    await().during(Duration.ofMillis(200)).until(closer::isAlive);
    release.countDown();
    closer.join(Duration.ofSeconds(10));

    // then
    assertThat(closer.isAlive()).isFalse();
    assertThat(consumer.isFinished()).isTrue();
    assertThat(allegro.eventIds()).isEmpty();
    assertThatThrownBy(consumer::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void conflictOnDeleteIsReportedAndTheFrontIsReadAgain() throws Exception {
    // given: another consumer deletes the first event while ours handles the batch
    allegro.pushEvent("page_view");
    allegro.pushEvent("page_view");
    String third = allegro.pushEvent("page_view");
    AtomicInteger calls = new AtomicInteger();
    EventQueueConsumer consumer =
        events()
            .handler(
                batch -> {
                  handled.add(batch.stream().map(QueuedEvent::id).toList());
                  if (calls.incrementAndGet() == 1) {
                    allegro.removeFront(1);
                  }
                })
            .build();

    // when
    PollResult conflict = consumer.poll();
    PollResult next = consumer.poll();

    // then: nothing was removed by the conflicting DELETE; the re-read handles what is left
    assertThat(conflict).isInstanceOf(PollResult.Conflict.class);
    assertThat(((PollResult.Conflict) conflict).message()).contains("front");
    assertThat(next).isEqualTo(new PollResult.Handled(2, third));
    assertThat(allegro.eventIds()).isEmpty();
  }

  @Test
  void repeatedConflictsInTheLoopBackOffInsteadOfSpinning() {
    // given: every DELETE conflicts because another consumer keeps removing the front
    for (int i = 0; i < 50; i++) {
      allegro.pushEvent("page_view");
    }
    try (EventQueueConsumer consumer =
        events().limit(5).handler(batch -> allegro.removeFront(1)).start()) {

      // when
      await().until(() -> results.size() >= 4);
      consumer.stop();
    }

    // then: the first conflict re-reads at once, the following ones pause
    assertThat(results.subList(0, 4)).allMatch(PollResult.Conflict.class::isInstance);
    assertThat(sleeper.pauses).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void longPollAsksTheServerToWaitAndSkipsTheSleep() throws Exception {
    // given: a server that holds an empty GET for the wait
    EventQueueConsumer consumer = events().longPoll(Duration.ofSeconds(1)).build();

    // when
    PollResult result = consumer.poll();

    // then
    assertThat(result).isEqualTo(new PollResult.Empty(true));
    assertThat(allegro.requests("GET", "/api/platform/events").get(0).query())
        .containsEntry("wait", "1");
  }

  @Test
  void longPollThatTheServerIgnoresFallsBackToSleeping() throws Exception {
    // given: a server that answers an empty GET at once despite wait
    allegro.honourWait = false;
    EventQueueConsumer consumer = events().longPoll(Duration.ofSeconds(10)).build();

    // when
    PollResult result = consumer.poll();

    // then
    assertThat(result).isEqualTo(new PollResult.Empty(false));
  }

  @Test
  void longPollReturnsAsSoonAsAnEventArrives() {
    // given
    try (EventQueueConsumer consumer = events().longPoll(Duration.ofSeconds(20)).start()) {
      await().until(() -> !allegro.requests("GET", "/api/platform/events").isEmpty());

      // when
      String id = allegro.pushEvent("page_view");

      // then
      await().atMost(Duration.ofSeconds(5)).until(() -> !handled.isEmpty());
      assertThat(consumer.isFinished()).isFalse();
      assertThat(handled.get(0)).containsExactly(id);
      assertThat(sleeper.pauses).isEmpty();
    }
  }

  @Test
  void failedGetIsReportedWithItsStatusAndBackedOff() {
    // given
    allegro.answerNextGet(503, "{\"message\":\"Service Unavailable\"}");
    String id = allegro.pushEvent("page_view");
    try (EventQueueConsumer consumer = events().start()) {

      // when
      await().until(() -> !handled.isEmpty());
      assertThat(consumer.isFinished()).isFalse();
    }

    // then
    assertThat(results.get(0))
        .isInstanceOfSatisfying(
            PollResult.Failed.class,
            failed -> {
              assertThat(failed.step()).isEqualTo(PollResult.Step.GET);
              assertThat(failed.cause())
                  .isInstanceOfSatisfying(
                      AllegroHttpException.class, e -> assertThat(e.status()).isEqualTo(503));
            });
    assertThat(sleeper.pauses).isNotEmpty();
    assertThat(handled.get(0)).containsExactly(id);
  }

  @Test
  void wrongTokenIsAFailedGet() throws Exception {
    // given
    EventQueueConsumer consumer = events().token("1|wrong").build();

    // when
    PollResult result = consumer.poll();

    // then
    assertThat(result).isInstanceOf(PollResult.Failed.class);
    assertThat(((AllegroHttpException) ((PollResult.Failed) result).cause()).status())
        .isEqualTo(401);
  }

  @Test
  void heartbeatConsumerReadsBeatsAndDeletesByEventId() throws Exception {
    // given
    allegro.pushHeartbeat(5);
    String last = allegro.pushHeartbeat(12);
    List<Heartbeat> beats = new CopyOnWriteArrayList<>();
    HeartbeatQueueConsumer consumer =
        HeartbeatQueueConsumer.builder()
            .baseUrl(allegro.baseUrl())
            .token(FakeAllegro.TOKEN)
            .handler(beats::addAll)
            .build();

    // when
    PollResult result = consumer.poll();

    // then
    assertThat(result).isEqualTo(new PollResult.Handled(2, last));
    assertThat(beats).extracting(Heartbeat::activeSeconds).containsExactly(5L, 12L);
    assertThat(beats.get(1).eventId()).isEqualTo(last);
    assertThat(beats.get(1).createdAt()).isNotNull();
    assertThat(allegro.heartbeatCount()).isZero();
  }

  @Test
  void eventFieldsAreDecoded() throws Exception {
    // given
    allegro.pushEvent("page_view");
    List<QueuedEvent> seen = new ArrayList<>();
    EventQueueConsumer consumer = events().handler(seen::addAll).build();

    // when
    consumer.poll();

    // then
    QueuedEvent event = seen.get(0);
    assertThat(event.type()).isEqualTo("page_view");
    assertThat(event.sessionId()).isEqualTo("s1");
    assertThat(event.audienceMemberId()).isNull();
    assertThat(event.eventSequence()).isEqualTo(1L);
    assertThat(event.createdAt().toInstant()).hasToString("2026-02-25T18:00:00Z");
    assertThat(event.json().get("url").asString()).isEqualTo("https://example.com/a");
  }

  /** Always the top of the range, so tests can check the cap. */
  private static final class FixedRandom implements RandomGenerator {
    @Override
    public long nextLong() {
      return Long.MAX_VALUE;
    }

    @Override
    public long nextLong(long bound) {
      return bound - 1;
    }
  }
}
