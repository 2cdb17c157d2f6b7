package dev.allegro.tracking.internal;

import dev.allegro.auth.RequiresAbility;
import dev.allegro.features.FeatureFlag;
import dev.allegro.features.FeatureFlags;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.system.web.TrustedProxies;
import dev.allegro.tenancy.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Event ingestion: {@code POST /api/events} from the browser SDK (public, on the tenant's host) and
 * {@code POST /api/v1/events} from servers (bearer token with {@code events:write}). One event
 * answers 201 {@code {"event_id"}}; {@code {"events":[...]}} (up to 100, all or nothing) answers
 * 202 {@code {"accepted", "event_ids"}} — in both cases after the commit.
 */
@RestController
class TrackingController {

  static final int MAX_BATCH = 100;
  private static final long COMMIT_TIMEOUT_SECONDS = 30;

  private final EventParser parser;
  private final EventWriter writer;
  private final FeatureFlags flags;
  private final TrustedProxies proxies;
  private final SdkRateLimiter rateLimiter;
  private final JsonMapper json;
  private final Clock clock;

  TrackingController(
      EventWriter writer,
      FeatureFlags flags,
      TrustedProxies proxies,
      SdkRateLimiter rateLimiter,
      JsonMapper json,
      Clock clock) {
    this.parser = new EventParser(json);
    this.writer = writer;
    this.flags = flags;
    this.proxies = proxies;
    this.rateLimiter = rateLimiter;
    this.json = json;
    this.clock = clock;
  }

  @PostMapping("/api/events")
  ResponseEntity<?> track(Tenant tenant, HttpServletRequest request) throws IOException {
    String client = proxies.clientIp(request);
    rateLimiter.check(client);
    return ingest(tenant, request, client, true);
  }

  @PostMapping("/api/v1/events")
  @RequiresAbility("events:write")
  ResponseEntity<?> trackFromServer(Tenant tenant, HttpServletRequest request) throws IOException {
    return ingest(tenant, request, proxies.clientIp(request), false);
  }

  private ResponseEntity<?> ingest(
      Tenant tenant, HttpServletRequest request, String client, boolean fromSdk)
      throws IOException {
    var read = RequestBodies.json(request, json);
    JsonNode body = read.node();
    boolean small = read.bytes() <= EventParser.MAX_EVENT_BYTES;
    Instant now = clock.instant();
    var origin =
        new EventParser.Origin(
            tenant.id(),
            client,
            request.getHeader(HttpHeaders.USER_AGENT),
            fromSdk,
            flags.isActive(FeatureFlag.USE_REDIS_EVENTS, tenant.id()));
    var errors = new FieldErrors();
    JsonNode batch = body.get("events");
    if (batch == null) {
      PreparedEvent event = parser.parse(body, "", origin, now, errors, small);
      errors.throwIfAny();
      store(List.of(event));
      // The hottest answer, written as it is: no converter lookup, no serializer (UUID text
      // needs no escaping).
      return ResponseEntity.status(HttpStatus.CREATED)
          .contentType(MediaType.APPLICATION_JSON)
          .body("{\"event_id\":\"" + event.id() + "\"}");
    }
    if (!batch.isArray()) {
      errors.add("events", "The events field must be an array.");
    } else if (batch.isEmpty()) {
      errors.add("events", "The events field must have at least 1 item.");
    } else if (batch.size() > MAX_BATCH) {
      errors.add("events", "The events field must not have more than " + MAX_BATCH + " items.");
    }
    errors.throwIfAny();
    var events = new ArrayList<PreparedEvent>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      events.add(parser.parse(batch.get(i), "events." + i, origin, now, errors, small));
    }
    errors.throwIfAny();
    store(events);
    List<String> ids = events.stream().map(PreparedEvent::id).map(UUID::toString).toList();
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(Map.of("accepted", events.size(), "event_ids", ids));
  }

  private void store(List<PreparedEvent> events) {
    await(writer.submit(events, List.of()));
  }

  /** Blocks the request (a virtual thread) until its group is committed. */
  static void await(java.util.concurrent.CompletableFuture<Void> committed) {
    try {
      committed.get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE, "The events could not be stored; retry later.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Interrupted; retry later.");
    }
  }
}
