package dev.allegro.webhooks.internal;

import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.tenancy.TenantId;
import dev.allegro.webhooks.WebhooksProperties;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A tenant's webhook endpoints: validated changes, secrets, pings. */
@Service
class EndpointService {

  private static final Logger log = LoggerFactory.getLogger(EndpointService.class);
  private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
  static final int MAX_URL = 2048;
  static final int MAX_DESCRIPTION = 500;

  private final EndpointStore endpoints;
  private final DeliveryStore deliveries;
  private final EndpointCache cache;
  private final DeliveryDispatcher dispatcher;
  private final TargetGuard guard;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final WebhooksProperties properties;

  EndpointService(
      EndpointStore endpoints,
      DeliveryStore deliveries,
      EndpointCache cache,
      DeliveryDispatcher dispatcher,
      TargetGuard guard,
      JdbcClient jdbc,
      Clock clock,
      WebhooksProperties properties) {
    this.endpoints = endpoints;
    this.deliveries = deliveries;
    this.cache = cache;
    this.dispatcher = dispatcher;
    this.guard = guard;
    this.jdbc = jdbc;
    this.clock = clock;
    this.properties = properties;
  }

  /** Creates an endpoint and sends it a ping. */
  @Transactional
  public Endpoint create(TenantId tenant, String url, List<String> eventTypes, String description) {
    var errors = new FieldErrors();
    validateUrl(url, true, errors);
    validateEventTypes(eventTypes, true, errors);
    validateDescription(description, errors);
    errors.throwIfAny();
    // One creation at a time per tenant, so that two at once cannot both pass the limit.
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('webhook_endpoints'), :tenant)")
        .param("tenant", (int) tenant.value())
        .query((rs, n) -> 1)
        .list();
    if (endpoints.count(tenant) >= properties.maxEndpoints()) {
      throw ApiException.conflict(
          "A tenant may have at most "
              + properties.maxEndpoints()
              + " webhook endpoints; delete one first.");
    }
    Endpoint endpoint =
        endpoints.insert(
            tenant,
            url.trim(),
            List.copyOf(eventTypes),
            blankToNull(description),
            Signature.newSecret());
    UUID ping = UUID.randomUUID();
    deliveries.insert(
        List.of(
            new DeliveryStore.NewDelivery(
                endpoint.id(),
                ping,
                Payloads.PING,
                null,
                Payloads.ping(ping, endpoint.id(), clock.instant()))));
    return endpoint;
  }

  /** After the creating transaction: queue the ping, and tell every node's cache. */
  void created(TenantId tenant) {
    cache.changed();
    dispatchQuietly(tenant);
  }

  List<Endpoint> list(TenantId tenant) {
    return endpoints.list(tenant);
  }

  Endpoint require(TenantId tenant, String id) {
    return parse(id)
        .flatMap(uuid -> endpoints.find(tenant, uuid))
        .orElseThrow(() -> ApiException.notFound("No webhook endpoint has the id " + id + "."));
  }

  /** Changes what is given; null leaves a field as it is. */
  Endpoint update(
      TenantId tenant,
      String id,
      String url,
      List<String> eventTypes,
      String description,
      boolean clearDescription,
      Boolean active) {
    Endpoint endpoint = require(tenant, id);
    var errors = new FieldErrors();
    if (url != null) {
      validateUrl(url, true, errors);
    }
    if (eventTypes != null) {
      validateEventTypes(eventTypes, true, errors);
    }
    validateDescription(description, errors);
    errors.throwIfAny();
    Endpoint changed =
        endpoints.update(
            new Endpoint(
                endpoint.id(),
                tenant,
                url != null ? url.trim() : endpoint.url(),
                eventTypes != null ? List.copyOf(eventTypes) : endpoint.eventTypes(),
                clearDescription
                    ? null
                    : description != null ? blankToNull(description) : endpoint.description(),
                active != null ? active : endpoint.active(),
                endpoint.secret(),
                endpoint.previousSecret(),
                endpoint.previousSecretUntil(),
                endpoint.failingSince(),
                endpoint.failureCount(),
                endpoint.disabledReason(),
                endpoint.createdAt()));
    cache.changed();
    return changed;
  }

  void delete(TenantId tenant, String id) {
    Endpoint endpoint = require(tenant, id);
    endpoints.delete(tenant, endpoint.id());
    cache.changed();
  }

  /** A new secret; the old one signs alongside it for the rotation overlap. */
  Endpoint rotate(TenantId tenant, String id) {
    Endpoint endpoint = require(tenant, id);
    return endpoints.rotate(
        endpoint.id(), Signature.newSecret(), clock.instant().plus(properties.rotationOverlap()));
  }

  /**
   * Queues a ping delivery.
   *
   * @return the delivery's id
   */
  UUID ping(TenantId tenant, String id) {
    Endpoint endpoint = require(tenant, id);
    UUID ping = UUID.randomUUID();
    UUID delivery =
        deliveries.insert(
            new DeliveryStore.NewDelivery(
                endpoint.id(),
                ping,
                Payloads.PING,
                null,
                Payloads.ping(ping, endpoint.id(), clock.instant())));
    dispatcher.dispatchWaiting(tenant);
    return delivery;
  }

  /**
   * Sends one of the endpoint's deliveries again, as a new delivery of the same body.
   *
   * @return the new delivery's id
   */
  UUID resend(TenantId tenant, String id, String deliveryId) {
    Endpoint endpoint = require(tenant, id);
    Delivery original =
        parse(deliveryId)
            .flatMap(deliveries::find)
            .filter(d -> d.endpointId().equals(endpoint.id()))
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "The webhook endpoint has no delivery with the id " + deliveryId + "."));
    UUID delivery =
        deliveries.insert(
            new DeliveryStore.NewDelivery(
                endpoint.id(), original.eventId(), original.eventType(), null, original.payload()));
    dispatcher.dispatchWaiting(tenant);
    return delivery;
  }

  List<Delivery> deliveries(TenantId tenant, String id, int limit) {
    return deliveries.latest(require(tenant, id).id(), limit);
  }

  private void dispatchQuietly(TenantId tenant) {
    try {
      dispatcher.dispatchWaiting(tenant);
    } catch (RuntimeException e) {
      // It waits in the database; the next pass for this tenant queues it.
      log.warn("Could not queue the ping of a new webhook endpoint of tenant {}", tenant, e);
    }
  }

  private void validateUrl(String url, boolean required, FieldErrors errors) {
    if (url == null || url.isBlank()) {
      if (required) {
        errors.add("url", "The url field is required.");
      }
      return;
    }
    if (url.length() > MAX_URL) {
      errors.add("url", "The url field must not be longer than " + MAX_URL + " characters.");
      return;
    }
    try {
      guard.check(url.trim());
    } catch (TargetGuard.Refused refused) {
      errors.add("url", "The url field " + refused.getMessage() + ".");
    }
  }

  static void validateEventTypes(List<String> types, boolean required, FieldErrors errors) {
    if (types == null) {
      if (required) {
        errors.add("event_types", "The event_types field is required.");
      }
      return;
    }
    if (types.isEmpty()) {
      errors.add(
          "event_types", "The event_types field must list at least one event type, or \"*\".");
      return;
    }
    var bad = new ArrayList<String>();
    for (int i = 0; i < types.size(); i++) {
      String type = types.get(i);
      if (type == null || !(type.equals(Endpoint.ANY) || EVENT_TYPE.matcher(type).matches())) {
        bad.add("event_types." + i);
      }
    }
    for (String field : bad) {
      errors.add(
          field, "The " + field + " field must be an event type such as page_view, or \"*\".");
    }
  }

  private static void validateDescription(String description, FieldErrors errors) {
    if (description != null && description.length() > MAX_DESCRIPTION) {
      errors.add(
          "description",
          "The description field must not be longer than " + MAX_DESCRIPTION + " characters.");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static Optional<UUID> parse(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
