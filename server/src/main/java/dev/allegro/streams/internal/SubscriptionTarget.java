package dev.allegro.streams.internal;

import dev.allegro.outbox.Committed;
import dev.allegro.outbox.OutboxRow;
import dev.allegro.outbox.OutboxTarget;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.TenantId;
import dev.allegro.tenancy.Tenants;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The subscription queues as one outbox target: a tenant's committed event is kept for it when any
 * active queue takes its type, and relayed, in commit order, to every queue that takes it at the
 * time of relaying (so that an uninstall or unsubscribe stops routing at once), each once.
 */
@Component
class SubscriptionTarget implements OutboxTarget {

  static final String NAME = "subscriptions";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final SubscriptionRoutes routes;
  private final QueueStreams streams;
  private final StreamSignals signals;
  private final Tenants tenants;

  SubscriptionTarget(
      SubscriptionRoutes routes, QueueStreams streams, StreamSignals signals, Tenants tenants) {
    this.routes = routes;
    this.streams = streams;
    this.signals = signals;
    this.tenants = tenants;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean accepts(Committed item) {
    return item instanceof Committed.Event event && routes.anyFor(event.tenant(), event.type());
  }

  @Override
  public int deliver(TenantId tenant, List<OutboxRow> rows) {
    String slug = tenants.find(tenant.toString()).map(Tenant::slug).orElse(null);
    if (slug == null) {
      return rows.size(); // the tenant is gone, and its subscriptions with it
    }
    var routed = new ArrayList<Routed>(rows.size());
    for (OutboxRow row : rows) {
      String[] fields = fields(row.json());
      var queues = routes.queuesFor(tenant, fields[1]);
      if (!queues.isEmpty()) {
        routed.add(new Routed(row, fields, queues));
      }
    }
    if (routed.isEmpty()) {
      return rows.size();
    }
    // each payload once for every queue, then each queue's entries naming it
    var placed =
        streams.store(
            tenant.value(),
            routed.stream()
                .map(r -> new QueueStreams.Stored(r.row().seq(), r.fields()[0], r.row().json()))
                .toList());
    var order = new Integer[routed.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // a row stored by an earlier pass keeps its place: ordered by reference, rows are in the order
    // they were first relayed, which is what each queue's skipping of repeats relies on
    Arrays.sort(order, Comparator.comparingLong(i -> placed.get(i).reference()));
    var byQueue = new LinkedHashMap<UUID, List<QueueStreams.Appended>>();
    for (int i : order) {
      var r = routed.get(i);
      var appended =
          new QueueStreams.Appended(
              placed.get(i).reference(),
              r.fields()[0],
              r.fields()[1],
              r.fields()[2],
              placed.get(i).location());
      for (UUID queue : r.queues()) {
        byQueue.computeIfAbsent(queue, q -> new ArrayList<>()).add(appended);
      }
    }
    streams.appendAll(tenant.value(), slug, byQueue).forEach(signals::appended);
    return rows.size();
  }

  private record Routed(OutboxRow row, String[] fields, Set<UUID> queues) {}

  /**
   * The event's id, type and created_at, read from the front of its JSON (the top level only),
   * without building a tree of the rest.
   */
  static String[] fields(String json) {
    var fields = new String[3];
    int found = 0;
    Arrays.fill(fields, "");
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return fields;
      }
      for (String name = parser.nextName(); name != null && found < 3; name = parser.nextName()) {
        JsonToken value = parser.nextToken();
        int index =
            switch (name) {
              case "id" -> 0;
              case "type" -> 1;
              case "created_at" -> 2;
              default -> -1;
            };
        if (index >= 0 && value == JsonToken.VALUE_STRING) {
          fields[index] = parser.getString();
          found++;
        } else {
          parser.skipChildren();
        }
      }
    }
    return fields;
  }

  @Override
  public void forget(TenantId tenant, List<Long> seqs) {
    streams.forget(tenant.value(), seqs);
  }
}
