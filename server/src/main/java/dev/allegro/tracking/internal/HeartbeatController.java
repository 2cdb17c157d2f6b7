package dev.allegro.tracking.internal;

import dev.allegro.features.FeatureFlag;
import dev.allegro.features.FeatureFlags;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.tenancy.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/heartbeat}: the SDK's report of a page view's cumulative active time. While the
 * tenant's {@code SdkHeartbeat} is off it answers 204 before looking at anything, so the feature's
 * state cannot be observed from outside.
 */
@RestController
class HeartbeatController {

  private final Ingestion ingestion;
  private final FeatureFlags flags;
  private final JsonMapper json;

  HeartbeatController(Ingestion ingestion, FeatureFlags flags, JsonMapper json) {
    this.ingestion = ingestion;
    this.flags = flags;
    this.json = json;
  }

  @PostMapping("/api/heartbeat")
  ResponseEntity<?> beat(Tenant tenant, HttpServletRequest request) throws IOException {
    return ingestion.ingest(
        request,
        true,
        () -> flags.isActive(FeatureFlag.SDK_HEARTBEAT, tenant.id()),
        in -> prepare(tenant, in));
  }

  private Ingestion.Prepared prepare(Tenant tenant, Ingestion.Request in) {
    JsonNode body = in.body().node();
    var errors = new FieldErrors();
    UUID eventId = eventId(body.get("event_id"), errors);
    JsonNode seconds = body.get("active_seconds");
    if (seconds == null || seconds.isNull()) {
      errors.add("active_seconds", "The active_seconds field is required.");
    } else if (!seconds.isIntegralNumber() || !seconds.canConvertToInt()) {
      errors.add("active_seconds", "The active_seconds field must be an integer.");
    } else if (seconds.asInt() < 1) {
      errors.add("active_seconds", "The active_seconds field must be at least 1.");
    }
    errors.throwIfAny();
    ObjectNode item = json.createObjectNode();
    item.put("event_id", eventId.toString());
    item.put("active_seconds", seconds.asInt());
    item.put("created_at", EventParser.QUEUE_TIME.format(in.receivedAt()));
    var beat =
        new PageHeartbeat(
            tenant.id(), eventId, seconds.asInt(), in.receivedAt(), json.writeValueAsString(item));
    return Ingestion.Prepared.beat(beat, ResponseEntity.noContent().build());
  }

  private static UUID eventId(JsonNode value, FieldErrors errors) {
    if (value == null || value.isNull()) {
      errors.add("event_id", "The event_id field is required.");
      return null;
    }
    try {
      if (value.isString() && value.asString().length() == 36) {
        return UUID.fromString(value.asString());
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    errors.add("event_id", "The event_id field must be a valid UUID.");
    return null;
  }
}
