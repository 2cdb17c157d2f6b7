package dev.allegro.audience.internal.profile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Profile pre-warming's meters: jobs dispatched and profiles computed by them. */
@Component
class ProfileMetrics {

  /** Counter: pre-warming jobs dispatched (one per member and window). */
  static final String DISPATCHED = "allegro.audience.prewarm.dispatched";

  /** Counter: profiles the pre-warming jobs computed and cached. */
  static final String COMPUTED = "allegro.audience.prewarm.computed";

  private final Counter dispatched;
  private final Counter computed;

  ProfileMetrics(MeterRegistry registry) {
    this.dispatched =
        Counter.builder(DISPATCHED)
            .description("Profile pre-warming jobs dispatched")
            .register(registry);
    this.computed =
        Counter.builder(COMPUTED)
            .description("Profiles computed by pre-warming jobs")
            .register(registry);
  }

  void dispatched() {
    dispatched.increment();
  }

  void computed() {
    computed.increment();
  }
}
