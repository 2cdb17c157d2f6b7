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
 * events whose outbox rows still wait, read after the page: an event in the page is committed, and
 * so is its row, which only the relay deletes, and not while the queue is held.
 */
final class RebuildSource {
  private final StoredEvents events;
  private final Outbox outbox;
  final TenantRoute route;
  private final Instant from;
  private final Instant until;
  private final Set<String> types;
  private List<Stored> page = List.of();
  private int at;
  private Stored last;
  private boolean done;
  private Set<String> waiting = Set.of();

  RebuildSource(
      StoredEvents events, Outbox outbox, TenantRoute route, Instant from, Instant until) {
    this.events = events;
    this.outbox = outbox;
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
    if (!read.stream().allMatch(e -> waiting.contains(e.id().toString()))) {
      waiting = waitingIds();
    }
    page = read.stream().filter(e -> !waiting.contains(e.id().toString())).toList();
  }

  private Set<String> waitingIds() {
    var ids = new HashSet<String>();
    for (var row : outbox.waitingRows(route.tenant(), SubscriptionTarget.NAME)) {
      ids.addAll(SubscriptionTarget.eventIds(row));
    }
    return ids;
  }
}
