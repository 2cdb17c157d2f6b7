package dev.allegro.streams.internal;

import dev.allegro.outbox.Outbox;
import dev.allegro.streams.internal.QueueStore.TenantRoute;
import dev.allegro.tracking.StoredEvents;
import dev.allegro.tracking.StoredEvents.Stored;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One tenant's events a {@link StreamRebuild} restores, a page at a time. Each page leaves out the
 * events the relay brings to the queue: those whose outbox rows still wait, and those it parked
 * (park.lua), read in that order after the page. An event in the page is committed, and so is its
 * row, which the relay deletes only once the event is parked; so no event is left out of both. An
 * event once left out stays out: its row waits, or the relay parked it.
 */
final class RebuildSource {
  private final StoredEvents events;
  private final Outbox outbox;
  private final ParkedIds parked;
  final TenantRoute route;
  private final Instant from;
  private final Instant until;
  private final Set<String> types;
  private List<Stored> page = List.of();
  private int at;
  private Stored last;
  private boolean done;
  private final Set<String> relayed = new HashSet<>();

  RebuildSource(
      StoredEvents events,
      Outbox outbox,
      ParkedIds parked,
      TenantRoute route,
      Instant from,
      Instant until) {
    this.events = events;
    this.outbox = outbox;
    this.parked = parked;
    this.route = route;
    this.from = from;
    this.until = until;
    this.types = route.eventTypes().contains("*") ? Set.of() : route.eventTypes();
  }

  Stored head() {
    while (at == page.size() && !done) {
      load();
    }
    return at < page.size() ? page.get(at) : null;
  }

  Stored next() {
    Stored event = head();
    at++;
    return event;
  }

  private void load() {
    var read = events.receivedBetween(route.tenant(), from, until, types, last, StreamRebuild.PAGE);
    done = read.size() < StreamRebuild.PAGE;
    at = 0;
    if (read.isEmpty()) {
      page = List.of();
      return;
    }
    last = read.getLast();
    if (!read.stream().allMatch(e -> relayed.contains(e.id().toString()))) {
      for (var row : outbox.waitingRows(route.tenant(), SubscriptionTarget.NAME)) {
        relayed.addAll(SubscriptionTarget.eventIds(row));
      }
      relayed.addAll(parked.of(route.tenant().value()));
    }
    page = read.stream().filter(e -> !relayed.contains(e.id().toString())).toList();
  }
}
