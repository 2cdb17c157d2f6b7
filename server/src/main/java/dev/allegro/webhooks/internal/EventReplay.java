package dev.allegro.webhooks.internal;

import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.system.web.ValidationException;
import dev.allegro.tenancy.TenantId;
import dev.allegro.tracking.StoredEvents;
import dev.allegro.webhooks.WebhooksProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends every stored event of a time range to one endpoint again, each as a new delivery of the
 * body the outbox would have made. An event that already has a pending delivery to the endpoint
 * (from ingestion, a resend or an earlier replay) is skipped, so overlapping replays do not send an
 * event twice while its first delivery is still being retried.
 */
@Component
class EventReplay {

  private static final Logger log = LoggerFactory.getLogger(EventReplay.class);

  /** What a replay queued. */
  record Queued(int events, int queued, int alreadyPending) {}

  private final EndpointService endpoints;
  private final StoredEvents events;
  private final DeliveryStore deliveries;
  private final DeliveryDispatcher dispatcher;
  private final WebhooksProperties properties;

  EventReplay(
      EndpointService endpoints,
      StoredEvents events,
      DeliveryStore deliveries,
      DeliveryDispatcher dispatcher,
      WebhooksProperties properties) {
    this.endpoints = endpoints;
    this.events = events;
    this.deliveries = deliveries;
    this.dispatcher = dispatcher;
    this.properties = properties;
  }

  Queued replay(TenantId tenant, String id, String from, String to, List<String> eventTypes) {
    Endpoint endpoint = endpoints.require(tenant, id);
    var errors = new FieldErrors();
    Instant start = instant("from", from, errors);
    Instant end = instant("to", to, errors);
    EndpointService.validateEventTypes(eventTypes, false, errors);
    errors.throwIfAny();
    if (!end.isAfter(start)) {
      errors.add("to", "The to field must be a time after from.");
    } else if (Duration.between(start, end).compareTo(properties.replayMaxRange()) > 0) {
      errors.add(
          "to",
          "The range from from to to must not be longer than "
              + properties.replayMaxRange().toDays()
              + " days.");
    }
    Set<String> types = types(endpoint, eventTypes);
    if (types == null) {
      errors.add("event_types", "The endpoint takes none of the event types listed.");
    }
    errors.throwIfAny();
    if (!endpoint.active()) {
      throw ApiException.conflict(
          "The webhook endpoint is disabled; turn it on with PATCH {\"active\": true} first.");
    }
    int limit = properties.replayMaxEvents();
    var found = events.between(tenant, start, end, types, limit + 1);
    if (found.size() > limit) {
      throw ValidationException.of(
          "to",
          "The range holds more than "
              + limit
              + " events of the types replayed; replay a shorter range.");
    }
    var made = new ArrayList<DeliveryStore.Replayed>(found.size());
    for (StoredEvents.Stored event : found) {
      made.add(
          new DeliveryStore.Replayed(
              DeliveryStore.ORDERED.generate(),
              event.id(),
              event.type(),
              Payloads.Event.parse(event.json()).payload()));
    }
    int queued = deliveries.insertUnlessPending(endpoint.id(), made);
    try {
      dispatcher.dispatchWaiting(tenant);
    } catch (RuntimeException e) {
      // They wait in the database; the tenant's next delivery pass queues them.
      log.warn("Could not queue the replay to webhook endpoint {} now", endpoint.id(), e);
    }
    return new Queued(found.size(), queued, found.size() - queued);
  }

  /**
   * The types to read: those asked for that the endpoint takes, or all it takes; empty for every
   * type; null when none of those asked for.
   */
  private static Set<String> types(Endpoint endpoint, List<String> asked) {
    boolean all = endpoint.eventTypes().contains(Endpoint.ANY);
    if (asked == null || asked.contains(Endpoint.ANY)) {
      return all ? Set.of() : new LinkedHashSet<>(endpoint.eventTypes());
    }
    var types = new LinkedHashSet<String>();
    for (String type : asked) {
      if (endpoint.wants(type)) {
        types.add(type);
      }
    }
    return types.isEmpty() ? null : types;
  }

  private static Instant instant(String field, String value, FieldErrors errors) {
    if (value == null || value.isBlank()) {
      errors.add(field, "The " + field + " field is required.");
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      errors.add(
          field,
          "The "
              + field
              + " field must be an ISO 8601 date and time with an offset, such as"
              + " 2026-03-01T12:00:00Z.");
      return null;
    }
  }
}
