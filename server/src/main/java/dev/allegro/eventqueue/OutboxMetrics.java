package dev.allegro.eventqueue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The outbox's and the relay's Micrometer meters, on the management port's {@code
 * /actuator/prometheus}, by queue kind ({@code events}, {@code heartbeats}), never by tenant. A
 * backlog that grows during a Redis outage, or behind a consumer that stopped draining, shows here
 * before anyone asks.
 */
@Component
public class OutboxMetrics {

  /** Gauge: items committed and waiting in the outbox for their queue. */
  public static final String BACKLOG = "allegro.outbox.backlog";

  /** Gauge, seconds: how long the oldest waiting item has waited; 0 when none waits. */
  public static final String OLDEST_AGE = "allegro.outbox.oldest.age";

  /** Counter: items the relay pushed onto their queue. */
  public static final String PUSHED = "allegro.outbox.relay.pushed";

  /** Counter: relay passes that failed (Redis or PostgreSQL unreachable); they are retried. */
  public static final String FAILURES = "allegro.outbox.relay.failures";

  public static final String QUEUE = "queue";

  private final MeterRegistry registry;
  private final Map<QueueKind, Counter> pushed = new EnumMap<>(QueueKind.class);
  private final Map<QueueKind, Counter> failures = new EnumMap<>(QueueKind.class);

  public OutboxMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (QueueKind kind : QueueKind.values()) {
      pushed.put(
          kind,
          Counter.builder(PUSHED)
              .description("Items the relay pushed onto their queue")
              .tag(QUEUE, kind.key())
              .register(registry));
      failures.put(
          kind,
          Counter.builder(FAILURES)
              .description("Relay passes that failed and are retried")
              .tag(QUEUE, kind.key())
              .register(registry));
    }
  }

  public void pushed(QueueKind queue, int items) {
    pushed.get(queue).increment(items);
  }

  public void failed(QueueKind queue) {
    failures.get(queue).increment();
  }

  /**
   * Registers the backlog gauges, which call these functions whenever scraped: it is for them to
   * bound how often they query.
   */
  public void backlog(
      ToDoubleFunction<QueueKind> rows, ToDoubleFunction<QueueKind> oldestAgeSeconds) {
    for (QueueKind kind : QueueKind.values()) {
      Gauge.builder(BACKLOG, () -> rows.applyAsDouble(kind))
          .description("Items committed and waiting in the outbox for their queue")
          .tag(QUEUE, kind.key())
          .register(registry);
      Gauge.builder(OLDEST_AGE, () -> oldestAgeSeconds.applyAsDouble(kind))
          .description("How long the oldest waiting outbox item has waited")
          .baseUnit("seconds")
          .tag(QUEUE, kind.key())
          .register(registry);
    }
  }
}
