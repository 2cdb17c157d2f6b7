package dev.allegro.streams.internal;

import dev.allegro.outbox.Committed;
import dev.allegro.outbox.OutboxRow;
import dev.allegro.outbox.OutboxTarget;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.TenantId;
import dev.allegro.tenancy.Tenants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
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
    var byQueue = new LinkedHashMap<UUID, List<QueueStreams.Appended>>();
    for (OutboxRow row : rows) {
      JsonNode event = JSON.readTree(row.json());
      String type = event.path("type").asString();
      var appended =
          new QueueStreams.Appended(
              row.seq(),
              event.path("id").asString(),
              type,
              slug,
              event.path("created_at").asString(),
              row.json());
      for (UUID queue : routes.queuesFor(tenant, type)) {
        byQueue.computeIfAbsent(queue, q -> new ArrayList<>()).add(appended);
      }
    }
    byQueue.forEach(
        (queue, events) -> {
          if (streams.append(queue, events) > 0) {
            signals.appended(queue);
          }
        });
    return rows.size();
  }

  @Override
  public void forget(TenantId tenant, List<Long> seqs) {
    routes.queuesOf(tenant).forEach(queue -> streams.forget(queue, seqs));
  }
}
