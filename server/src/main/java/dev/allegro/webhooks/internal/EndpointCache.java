package dev.allegro.webhooks.internal;

import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.allegro.system.CacheInvalidation;
import dev.allegro.tenancy.TenantId;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Each tenant's endpoints in memory, for the outbox to decide within the ingestion transaction
 * whether an event goes to any; dropped on every node when an endpoint changes.
 */
@Component
class EndpointCache {

  private static final String TOPIC = "webhooks:endpoints";

  private final CacheInvalidation invalidation;
  private final LoadingCache<TenantId, List<Endpoint>> endpoints;

  EndpointCache(CacheInvalidation invalidation, EndpointStore store) {
    this.invalidation = invalidation;
    this.endpoints = invalidation.cache(TOPIC, Duration.ofSeconds(30), store::list);
  }

  /** Whether some active endpoint of {@code tenant} takes events of {@code type}. */
  boolean wanted(TenantId tenant, String type) {
    for (Endpoint endpoint : endpoints.get(tenant)) {
      if (endpoint.active() && endpoint.wants(type)) {
        return true;
      }
    }
    return false;
  }

  void changed() {
    invalidation.broadcast(TOPIC);
  }
}
