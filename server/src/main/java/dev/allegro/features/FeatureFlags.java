package dev.allegro.features;

import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.allegro.features.internal.FeatureStore;
import dev.allegro.system.CacheInvalidation;
import dev.allegro.tenancy.TenantId;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Per-tenant features in the manner of Laravel Pennant. {@link #isActive} is for the hot path: it
 * reads a per-node cache whose entries live at most one second and are dropped at once on every
 * node that hears the change over Redis pub/sub.
 */
@Service
public class FeatureFlags {

  private static final String TOPIC = "features";

  private final FeatureStore store;
  private final CacheInvalidation invalidation;
  private final LoadingCache<TenantId, Map<FeatureFlag, Boolean>> byTenant;

  FeatureFlags(FeatureStore store, CacheInvalidation invalidation) {
    this.store = store;
    this.invalidation = invalidation;
    this.byTenant = invalidation.cache(TOPIC, Duration.ofSeconds(1), this::load);
  }

  public boolean isActive(FeatureFlag flag, TenantId tenant) {
    return byTenant.get(tenant).get(flag);
  }

  /** Every feature's value for the tenant, defaults included. */
  public Map<FeatureFlag, Boolean> valuesFor(TenantId tenant) {
    return byTenant.get(tenant);
  }

  public void activate(FeatureFlag flag, TenantId tenant) {
    set(flag, tenant, true);
  }

  public void deactivate(FeatureFlag flag, TenantId tenant) {
    set(flag, tenant, false);
  }

  /** Sets the feature for every tenant that exists now; later tenants start at the default. */
  public int setForAll(FeatureFlag flag, boolean active) {
    int tenants = store.upsertForAll(flag.featureName(), active);
    invalidation.broadcast(TOPIC);
    return tenants;
  }

  public void set(FeatureFlag flag, TenantId tenant, boolean active) {
    store.upsert(flag.featureName(), tenant.value(), active);
    invalidation.broadcast(TOPIC);
  }

  private Map<FeatureFlag, Boolean> load(TenantId tenant) {
    Map<String, Boolean> stored = store.valuesFor(tenant.value());
    var values = new EnumMap<FeatureFlag, Boolean>(FeatureFlag.class);
    for (FeatureFlag flag : FeatureFlag.values()) {
      values.put(flag, stored.getOrDefault(flag.featureName(), flag.defaultValue()));
    }
    return Map.copyOf(values);
  }
}
