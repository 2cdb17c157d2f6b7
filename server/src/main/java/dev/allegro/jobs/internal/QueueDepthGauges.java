package dev.allegro.jobs.internal;

import dev.allegro.jobs.JobMetrics;
import dev.allegro.jobs.QueueSize;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * {@value JobMetrics#QUEUE_DEPTH} by queue and state, read from Redis when scraped (at most once a
 * second per queue).
 */
@Component
class QueueDepthGauges {

  private final RedisQueue queue;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(QueueSize size, long readAtNanos) {}

  QueueDepthGauges(
      RedisQueue queue,
      MeterRegistry registry,
      JobsProperties properties,
      dev.allegro.system.AllegroProperties allegro) {
    this.queue = queue;
    for (String name : properties.supervisorFor(allegro.env()).queue()) {
      gauge(registry, name, "ready", QueueSize::ready);
      gauge(registry, name, "delayed", QueueSize::delayed);
      gauge(registry, name, "reserved", QueueSize::reserved);
    }
  }

  private void gauge(
      MeterRegistry registry, String name, String state, ToLongFunction<QueueSize> value) {
    Gauge.builder(JobMetrics.QUEUE_DEPTH, () -> value.applyAsLong(size(name)))
        .tag(JobMetrics.QUEUE, name)
        .tag(JobMetrics.STATE, state)
        .register(registry);
  }

  private QueueSize size(String name) {
    long now = System.nanoTime();
    var cached = cache.get(name);
    if (cached == null || now - cached.readAtNanos() > 1_000_000_000L) {
      try {
        cached = new Cached(queue.size(name), now);
        cache.put(name, cached);
      } catch (RuntimeException e) {
        return cached == null
            ? new QueueSize(name, 0, 0, 0, java.time.Duration.ZERO)
            : cached.size();
      }
    }
    return cached.size();
  }
}
