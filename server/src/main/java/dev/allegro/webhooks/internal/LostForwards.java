package dev.allegro.webhooks.internal;

import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.Jobs;
import dev.allegro.outbox.Outbox;
import dev.allegro.system.RedisDataLost;
import dev.allegro.tenancy.TenantId;
import dev.allegro.tracking.StoredEvents;
import dev.allegro.tracking.StoredEvents.Stored;
import dev.allegro.webhooks.WebhooksProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When Redis lost everything, the {@code forwarding.send} jobs it held went with it. They are not
 * rows anywhere, but each was made from a committed event: every event received within a job's
 * longest life before Redis came back empty (its tries' backoff, 10 + 60 + 300 + 900 s by default,
 * and {@link #MARGIN}) gets its jobs again, one per forwarder taking its type, with their bodies
 * built now. What still waits in the outbox is left to the relay. A job that had in fact run gets
 * sent again (forwarding is at least once); one that had failed for good is not retried.
 */
@Component
class LostForwards {

  private static final Logger log = LoggerFactory.getLogger(LostForwards.class);

  /** Beyond the backoff: the tries' own run time, a worker backlog. */
  static final Duration MARGIN = Duration.ofMinutes(5);

  private static final int PAGE = 1000;

  private final ForwarderStore forwarders;
  private final StoredEvents events;
  private final Outbox outbox;
  private final Jobs jobs;
  private final Duration window;

  LostForwards(
      ForwarderStore forwarders,
      StoredEvents events,
      Outbox outbox,
      Jobs jobs,
      WebhooksProperties properties) {
    this.forwarders = forwarders;
    this.events = events;
    this.outbox = outbox;
    this.jobs = jobs;
    long backoff = properties.forwardingBackoff().stream().mapToLong(Integer::longValue).sum();
    this.window = Duration.ofSeconds(backoff).plus(MARGIN);
  }

  @EventListener
  void redispatch(RedisDataLost lost) {
    int dispatched = 0;
    List<TenantId> tenants;
    try {
      tenants = forwarders.tenants();
    } catch (RuntimeException e) {
      log.error("Could not list the tenants whose forwarding jobs Redis lost", e);
      return;
    }
    for (TenantId tenant : tenants) {
      try {
        dispatched += redispatch(tenant, lost.since());
      } catch (RuntimeException e) {
        log.warn("Could not dispatch tenant {}'s forwarding jobs again", tenant.value(), e);
      }
    }
    if (dispatched > 0) {
      log.warn(
          "Redis lost its forwarding jobs: dispatched {} again, for the events of {} tenants"
              + " received in the {} before {}",
          dispatched,
          tenants.size(),
          window,
          lost.since());
    }
  }

  private int redispatch(TenantId tenant, Instant since) {
    List<Forwarder> all = forwarders.list(tenant);
    Set<String> types = new HashSet<>();
    for (Forwarder forwarder : all) {
      if (forwarder.eventTypes().contains(Endpoint.ANY)) {
        types = Set.of();
        break;
      }
      types.addAll(forwarder.eventTypes());
    }
    var waiting = new HashSet<UUID>();
    for (var row : outbox.waitingRows(tenant, ForwarderTarget.NAME)) {
      waiting.add(Payloads.Event.parse(row.json()).id());
    }
    int dispatched = 0;
    Stored after = null;
    List<Stored> page;
    do {
      page = events.receivedBetween(tenant, since.minus(window), since, types, after, PAGE);
      for (Stored event : page) {
        if (waiting.contains(event.id())) {
          continue; // the relay queues its jobs
        }
        var json = Payloads.Event.parse(event.json()).json();
        for (Forwarder forwarder : all) {
          // a forwarder made after the event was received never had it
          if (forwarder.wants(event.type()) && !forwarder.createdAt().isAfter(event.receivedAt())) {
            jobs.dispatch(
                new ForwardEvent(
                    forwarder.id(), event.id(), FieldMapping.body(forwarder.mapping(), json)),
                Dispatch.defaults().onQueue(forwarder.queue()));
            dispatched++;
          }
        }
      }
      after = page.isEmpty() ? after : page.getLast();
    } while (page.size() == PAGE);
    return dispatched;
  }
}
