package dev.allegro.webhooks.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.allegro.auth.RequiresAbility;
import dev.allegro.system.web.JsonBody;
import dev.allegro.system.web.ValidationException;
import dev.allegro.tenancy.Tenant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** A tenant's webhook endpoints (docs/webhooks.md); a token with {@code webhooks:manage}. */
@RestController
@RequestMapping("/api/v1/webhooks")
@RequiresAbility("webhooks:manage")
class WebhookController {

  static final int DELIVERIES_LISTED = 50;

  private final EndpointService service;
  private final EventReplay replay;

  WebhookController(EndpointService service, EventReplay replay) {
    this.service = service;
    this.replay = replay;
  }

  /** An endpoint as the API shows it; {@code secret} only in the answer that created it. */
  record EndpointView(
      UUID id,
      String url,
      List<String> eventTypes,
      String description,
      boolean active,
      String disabledReason,
      int failureCount,
      @JsonInclude(JsonInclude.Include.NON_NULL) String secret,
      Instant createdAt) {

    static EndpointView of(Endpoint e, boolean withSecret) {
      return new EndpointView(
          e.id(),
          e.url(),
          e.eventTypes(),
          e.description(),
          e.active(),
          e.disabledReason(),
          e.failureCount(),
          withSecret ? e.secret() : null,
          e.createdAt());
    }
  }

  record RotatedSecret(String secret, Instant previousSecretExpiresAt) {}

  /** A delivery queued on request: a ping or a resend. */
  record PingSent(UUID deliveryId) {}

  record DeliveryView(
      UUID id,
      UUID eventId,
      String event,
      String status,
      Instant createdAt,
      List<Delivery.Attempt> attempts) {

    static DeliveryView of(Delivery d) {
      return new DeliveryView(
          d.id(), d.eventId(), d.eventType(), d.status().column(), d.createdAt(), d.attempts());
    }
  }

  /** A time range of events to send again; {@code to} excluded. */
  record ReplayRange(String from, String to, List<String> eventTypes) {}

  record CreateEndpoint(String url, List<String> eventTypes, String description) {}

  record UpdateEndpoint(
      String url, List<String> eventTypes, JsonNode description, Boolean active) {}

  @GetMapping
  Map<String, List<EndpointView>> list(Tenant tenant) {
    return Map.of(
        "data", service.list(tenant.id()).stream().map(e -> EndpointView.of(e, false)).toList());
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, EndpointView> create(Tenant tenant, @JsonBody CreateEndpoint body) {
    Endpoint endpoint =
        service.create(tenant.id(), body.url(), body.eventTypes(), body.description());
    service.created(tenant.id());
    return Map.of("data", EndpointView.of(endpoint, true));
  }

  @GetMapping("/{webhook}")
  Map<String, EndpointView> show(Tenant tenant, @PathVariable("webhook") String id) {
    return Map.of("data", EndpointView.of(service.require(tenant.id(), id), false));
  }

  @PatchMapping("/{webhook}")
  Map<String, EndpointView> update(
      Tenant tenant, @PathVariable("webhook") String id, @JsonBody UpdateEndpoint body) {
    JsonNode description = body.description();
    if (description != null && !description.isNull() && !description.isString()) {
      throw ValidationException.of(
          "description", "The description field must be a string or null.");
    }
    Endpoint changed =
        service.update(
            tenant.id(),
            id,
            body.url(),
            body.eventTypes(),
            description != null && description.isString() ? description.asString() : null,
            description != null && description.isNull(),
            body.active());
    return Map.of("data", EndpointView.of(changed, false));
  }

  @DeleteMapping("/{webhook}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(Tenant tenant, @PathVariable("webhook") String id) {
    service.delete(tenant.id(), id);
  }

  @PostMapping("/{webhook}/rotate-secret")
  Map<String, RotatedSecret> rotate(Tenant tenant, @PathVariable("webhook") String id) {
    Endpoint rotated = service.rotate(tenant.id(), id);
    return Map.of("data", new RotatedSecret(rotated.secret(), rotated.previousSecretUntil()));
  }

  @PostMapping("/{webhook}/ping")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Map<String, PingSent> ping(Tenant tenant, @PathVariable("webhook") String id) {
    return Map.of("data", new PingSent(service.ping(tenant.id(), id)));
  }

  @PostMapping("/{webhook}/deliveries/{delivery}/resend")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Map<String, PingSent> resend(
      Tenant tenant, @PathVariable("webhook") String id, @PathVariable String delivery) {
    return Map.of("data", new PingSent(service.resend(tenant.id(), id, delivery)));
  }

  @PostMapping("/{webhook}/replay")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Map<String, EventReplay.Queued> replay(
      Tenant tenant, @PathVariable("webhook") String id, @JsonBody ReplayRange body) {
    return Map.of(
        "data", replay.replay(tenant.id(), id, body.from(), body.to(), body.eventTypes()));
  }

  @GetMapping("/{webhook}/deliveries")
  Map<String, List<DeliveryView>> deliveries(Tenant tenant, @PathVariable("webhook") String id) {
    return Map.of(
        "data",
        service.deliveries(tenant.id(), id, DELIVERIES_LISTED).stream()
            .map(DeliveryView::of)
            .toList());
  }
}
