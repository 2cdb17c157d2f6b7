package dev.allegro.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The webhooks' and forwarders' Micrometer meters, on the management port's {@code
 * /actuator/prometheus}, by outcome, never by tenant: a receiver that starts failing shows as a
 * rising {@code failed} before its tenant asks.
 */
@Component
public class WebhookMetrics {

  /** Counter: webhook attempts, tagged {@link #OUTCOME}. */
  public static final String ATTEMPTS = "allegro.webhooks.attempts";

  /** Counter: forwarding tries, tagged {@link #OUTCOME}. */
  public static final String FORWARDS = "allegro.forwarding.tries";

  public static final String OUTCOME = "outcome";

  /** What one attempt came to. */
  public enum Outcome {
    /** Answered as expected (a 2xx; a forwarder's success status). */
    SENT,
    /** Answered otherwise, or not at all. */
    FAILED,
    /** Not sent: the URL resolved to an address it may not reach. */
    REFUSED;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void attempt(Outcome outcome) {
    counter(ATTEMPTS, "Webhook delivery attempts", outcome).increment();
  }

  public void forward(Outcome outcome) {
    counter(FORWARDS, "Event forwarding tries", outcome).increment();
  }

  private Counter counter(String name, String description, Outcome outcome) {
    return counters.computeIfAbsent(
        name + outcome,
        k ->
            Counter.builder(name)
                .description(description)
                .tag(OUTCOME, outcome.tag())
                .register(registry));
  }
}
