package dev.allegro.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.outbox.OutboxMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxGaugesTest {

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-02-25T18:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
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

  /** The outbox, counting how often it is asked, failing when told to. */
  static final class FakeBacklog implements OutboxGauges.Backlog {
    Map<String, OutboxGauges.Waiting> waiting = Map.of();
    int queries;
    boolean down;

    @Override
    public Map<String, OutboxGauges.Waiting> waiting() {
      queries++;
      if (down) {
        throw new IllegalStateException("PostgreSQL is down");
      }
      return waiting;
    }
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MovingClock clock = new MovingClock();
  private final FakeBacklog backlog = new FakeBacklog();
  private final OutboxTargets targets =
      new OutboxTargets(
          List.of(
              new OutboxDrainTest.FakeQueues("events"),
              new OutboxDrainTest.FakeQueues("heartbeats")));

  private double gauge(String name, String target) {
    return registry.get(name).tag(OutboxMetrics.TARGET, target).gauge().value();
  }

  @Test
  void scrapesWithinFiveSecondsShareOneQuery() {
    new OutboxGauges(backlog, targets, new OutboxMetrics(registry), clock);
    backlog.waiting = Map.of("events", new OutboxGauges.Waiting(42, 7.5));

    for (int scrape = 0; scrape < 100; scrape++) {
      assertThat(gauge(OutboxMetrics.BACKLOG, "events")).isEqualTo(42);
      assertThat(gauge(OutboxMetrics.OLDEST_AGE, "events")).isEqualTo(7.5);
      assertThat(gauge(OutboxMetrics.BACKLOG, "heartbeats")).isZero();
    }
    assertThat(backlog.queries).isEqualTo(1);

    backlog.waiting = Map.of();
    clock.now = clock.now.plus(OutboxGauges.MAX_AGE);
    assertThat(gauge(OutboxMetrics.BACKLOG, "events")).isZero();
    assertThat(backlog.queries).isEqualTo(2);
  }

  @Test
  void aFailedQueryKeepsTheLastFiguresUntilTheNextTry() {
    new OutboxGauges(backlog, targets, new OutboxMetrics(registry), clock);
    backlog.waiting = Map.of("heartbeats", new OutboxGauges.Waiting(3, 1));
    assertThat(gauge(OutboxMetrics.BACKLOG, "heartbeats")).isEqualTo(3);

    backlog.down = true;
    clock.now = clock.now.plus(Duration.ofSeconds(6));
    assertThat(gauge(OutboxMetrics.BACKLOG, "heartbeats")).isEqualTo(3);
    assertThat(gauge(OutboxMetrics.BACKLOG, "heartbeats")).isEqualTo(3);

    assertThat(backlog.queries).as("retried after the interval, not on every scrape").isEqualTo(2);
  }
}
