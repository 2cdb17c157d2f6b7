package dev.allegro.system.web;

import dev.allegro.system.AllegroProperties;
import dev.allegro.system.AllegroProperties.Environment;
import dev.allegro.system.Durations;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On SIGTERM, a web node first tells its load balancer to stop sending it requests — {@code
 * /readyz} answers 503 — and keeps serving for {@code SHUTDOWN_READINESS_DELAY} while the balancer
 * notices, before Tomcat's graceful shutdown stops taking connections. Without the delay a balancer
 * that still believes the node ready would send it requests it refuses. Stopped before every other
 * lifecycle bean (the highest phase), so the node works normally during the delay.
 */
@Component
@ConditionalOnWebApplication
class ReadinessDrain implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ReadinessDrain.class);

  private final ApplicationEventPublisher events;
  private final Duration delay;
  private volatile boolean running;

  ReadinessDrain(
      ApplicationEventPublisher events,
      AllegroProperties properties,
      @Value("${allegro.shutdown-readiness-delay:}") String delay) {
    this.events = events;
    this.delay =
        delay.isBlank()
            ? properties.env() == Environment.LOCAL ? Duration.ZERO : Duration.ofSeconds(5)
            : Durations.parse(delay);
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    if (delay.isZero()) {
      return;
    }
    AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
    log.info("Readiness is down; serving {} more before shutting down", delay);
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
