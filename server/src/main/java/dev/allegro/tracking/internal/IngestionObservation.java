package dev.allegro.tracking.internal;

import io.micrometer.observation.ObservationPredicate;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * The ingestion endpoints skip Spring's per-request HTTP observation: on this hot path it cost
 * about a quarter of the server's CPU per single-event request (measured with JFR, see
 * docs/benchmarks.md). Every other endpoint keeps its {@code http.server.requests} metrics.
 */
@Configuration(proxyBeanMethods = false)
class IngestionObservation {

  private static final Set<String> PATHS =
      Set.of("/api/events", "/api/heartbeat", "/api/v1/events");

  @Bean
  ObservationPredicate skipIngestionRequests() {
    return (name, context) ->
        !(context instanceof ServerRequestObservationContext request
            && PATHS.contains(request.getCarrier().getRequestURI()));
  }
}
