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
        Ingestion.Endpoint.HEARTBEATS,
        () -> flags.isActive(FeatureFlag.SDK_HEARTBEAT, tenant.id()),
        in -> prepare(tenant, in));
  }

  private Ingestion.Prepared prepare(Tenant tenant, Ingestion.Request in) {
    var errors = new FieldErrors();
    var fields = new EventFields(in.body().node(), "", errors);
    UUID eventId = fields.uuid("event_id", true);
    Integer seconds = fields.integer("active_seconds", 1, true);
    errors.throwIfAny();
    ObjectNode item = json.createObjectNode();
    item.put("event_id", eventId.toString());
    item.put("active_seconds", seconds);
    item.put("created_at", EventParser.QUEUE_TIME.format(in.receivedAt()));
    var beat =
        new PageHeartbeat(
            tenant.id(), eventId, seconds, in.receivedAt(), json.writeValueAsString(item));
    return Ingestion.Prepared.beat(beat, ResponseEntity.noContent().build());
  }
}
