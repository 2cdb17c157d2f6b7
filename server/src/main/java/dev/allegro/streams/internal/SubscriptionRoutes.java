package dev.allegro.streams.internal;

import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.allegro.system.CacheInvalidation;
import dev.allegro.tenancy.TenantId;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Which queues each tenant's events are routed to, as ingestion and the relay read it on every
 * event. Every change (subscribe, unsubscribe, install, uninstall, queue deletion) is broadcast, so
 * it holds at once on this node and on every node that hears it; an entry lives at most four
 * seconds, so routing follows a change within five seconds even on a node that missed it.
 */
@Component
public class SubscriptionRoutes {

  static final Duration MAX_AGE = Duration.ofSeconds(4);
  private static final String TOPIC = "subscriptions";

  private final CacheInvalidation invalidation;
  private final LoadingCache<TenantId, List<QueueStore.Route>> routes;

  SubscriptionRoutes(QueueStore store, CacheInvalidation invalidation) {
    this.invalidation = invalidation;
    this.routes = invalidation.cache(TOPIC, MAX_AGE, store::routes);
  }

  /** Whether any queue takes the tenant's events of that type. */
  public boolean anyFor(TenantId tenant, String type) {
    return routes.get(tenant).stream().anyMatch(r -> r.matches(type));
  }

  /** Every queue that takes the tenant's events of that type, each once. */
  public Set<UUID> queuesFor(TenantId tenant, String type) {
    var queues = new LinkedHashSet<UUID>();
    for (var route : routes.get(tenant)) {
      if (route.matches(type)) {
        queues.add(route.queue());
      }
    }
    return queues;
  }

  /** Every queue subscribed to any of the tenant's events. */
  public Set<UUID> queuesOf(TenantId tenant) {
    var queues = new LinkedHashSet<UUID>();
    routes.get(tenant).forEach(route -> queues.add(route.queue()));
    return queues;
  }

  /** Routing changed: every node rereads it. */
  public void changed() {
    invalidation.broadcast(TOPIC);
  }
}
