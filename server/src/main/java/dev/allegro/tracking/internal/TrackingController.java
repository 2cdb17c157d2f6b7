package dev.allegro.tracking.internal;

import dev.allegro.auth.RequiresAbility;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.tenancy.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

  private final Ingestion ingestion;
  private final EventParser parser;

  TrackingController(Ingestion ingestion, JsonMapper json) {
    this.ingestion = ingestion;
    this.parser = new EventParser(json);
  }

  @PostMapping("/api/events")
  ResponseEntity<?> track(Tenant tenant, HttpServletRequest request) throws IOException {
    return ingestion.ingest(
        request,
        Ingestion.Endpoint.SDK_EVENTS,
        () -> true,
        in -> prepare(tenant, request, in, true));
  }

  @PostMapping("/api/v1/events")
  @RequiresAbility("events:write")
  ResponseEntity<?> trackFromServer(Tenant tenant, HttpServletRequest request) throws IOException {
    return ingestion.ingest(
        request,
        Ingestion.Endpoint.SERVER_EVENTS,
        () -> true,
        in -> prepare(tenant, request, in, false));
  }

  private Ingestion.Prepared prepare(
      Tenant tenant, HttpServletRequest request, Ingestion.Request in, boolean fromSdk) {
    JsonNode body = in.body().node();
    boolean small = in.body().bytes() <= EventParser.MAX_EVENT_BYTES;
    var origin =
        new EventParser.Origin(
            tenant.id(), in.clientAddress(), request.getHeader(HttpHeaders.USER_AGENT), fromSdk);
    var errors = new FieldErrors();
    JsonNode batch = body.get("events");
    if (batch == null) {
      PreparedEvent event = parser.parse(body, "", origin, in.receivedAt(), errors, small);
      errors.throwIfAny();
      // The hottest answer, written as it is: no converter lookup, no serializer (UUID text
      // needs no escaping).
      return Ingestion.Prepared.event(
          event,
          ResponseEntity.status(HttpStatus.CREATED)
              .contentType(MediaType.APPLICATION_JSON)
              .body("{\"event_id\":\"" + event.id() + "\"}"));
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
      events.add(parser.parse(batch.get(i), "events." + i, origin, in.receivedAt(), errors, small));
    }
    errors.throwIfAny();
    List<String> ids = events.stream().map(PreparedEvent::id).map(UUID::toString).toList();
    return Ingestion.Prepared.batch(
        events,
        ResponseEntity.status(HttpStatus.ACCEPTED)
            .body(Map.of("accepted", events.size(), "event_ids", ids)));
  }
}
