package dev.allegro.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The outbox's and the relay's Micrometer meters, on the management port's {@code
 * /actuator/prometheus}, by target ({@code events}, {@code heartbeats}, ...), never by tenant. A
 * backlog that grows during a Redis outage, or behind a consumer that stopped draining, shows here
 * before anyone asks.
 */
@Component
public class OutboxMetrics {

  /** Gauge: items committed and waiting in the outbox for their target. */
  public static final String BACKLOG = "allegro.outbox.backlog";

  /** Gauge, seconds: how long the oldest waiting item has waited; 0 when none waits. */
  public static final String OLDEST_AGE = "allegro.outbox.oldest.age";

  /** Counter: items the relay handed to their target. */
  public static final String PUSHED = "allegro.outbox.relay.pushed";

  /** Counter: relay passes that failed (a target or PostgreSQL unreachable); they are retried. */
  public static final String FAILURES = "allegro.outbox.relay.failures";

  /** Counter: times a retaining target's store was found to have lost writes and rebuilt. */
  public static final String REBUILDS = "allegro.outbox.rebuilds";

  /** Counter: items put back into rebuilt stores from PostgreSQL. */
  public static final String RESTORED = "allegro.outbox.restored";

  public static final String TARGET = "target";

  private final MeterRegistry registry;
  private final Map<String, Counter> pushed = new ConcurrentHashMap<>();
  private final Map<String, Counter> failures = new ConcurrentHashMap<>();
  private final Map<String, Counter> rebuilds = new ConcurrentHashMap<>();
  private final Map<String, Counter> restored = new ConcurrentHashMap<>();

  public OutboxMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void pushed(String target, int items) {
    counter(pushed, PUSHED, "Items the relay handed to their target", target).increment(items);
  }

  public void failed(String target) {
    counter(failures, FAILURES, "Relay passes that failed and are retried", target).increment();
  }

  public void rebuilt(String target, long items) {
    counter(rebuilds, REBUILDS, "Stores found to have lost writes and rebuilt", target).increment();
    counter(restored, RESTORED, "Items put back into rebuilt stores", target).increment(items);
  }

  /**
   * Registers every target's counters and backlog gauges; the gauges call these functions whenever
   * scraped: it is for them to bound how often they query.
   */
  public void register(
      Iterable<String> targets,
      ToDoubleFunction<String> rows,
      ToDoubleFunction<String> oldestAgeSeconds) {
    for (String target : targets) {
      pushed(target, 0);
      counter(failures, FAILURES, "Relay passes that failed and are retried", target);
      Gauge.builder(BACKLOG, () -> rows.applyAsDouble(target))
          .description("Items committed and waiting in the outbox for their target")
          .tag(TARGET, target)
          .register(registry);
      Gauge.builder(OLDEST_AGE, () -> oldestAgeSeconds.applyAsDouble(target))
          .description("How long the oldest waiting outbox item has waited")
          .baseUnit("seconds")
          .tag(TARGET, target)
          .register(registry);
    }
  }

  private Counter counter(
      Map<String, Counter> counters, String name, String description, String target) {
    return counters.computeIfAbsent(
        target,
        t -> Counter.builder(name).description(description).tag(TARGET, t).register(registry));
  }
}
