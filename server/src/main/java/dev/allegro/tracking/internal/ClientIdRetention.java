package dev.allegro.tracking.internal;

import java.time.Clock;
import java.time.Duration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Forgets client event ids after 24 hours: a repeat is only recognised within that window. */
@Component
class ClientIdRetention {

  static final Duration WINDOW = Duration.ofHours(24);

  private final EventStore store;
  private final Clock clock;

  ClientIdRetention(EventStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Scheduled(initialDelayString = "1m", fixedDelayString = "10m")
  void forgetOld() {
    store.forgetClientIdsBefore(clock.instant().minus(WINDOW));
  }
}
