package dev.allegro.features;

import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.allegro.features.internal.FeatureStore;
import dev.allegro.system.CacheInvalidation;
import dev.allegro.tenancy.TenantId;
import dev.allegro.tenancy.Tenants;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.dao.DataIntegrityViolationException;
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
  private final Tenants tenants;
  private final CacheInvalidation invalidation;
  private final LoadingCache<TenantId, Map<FeatureFlag, Boolean>> byTenant;

  FeatureFlags(FeatureStore store, Tenants tenants, CacheInvalidation invalidation) {
    this.store = store;
    this.tenants = tenants;
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
    int updated;
    try {
      updated = store.upsertForAll(flag.featureName(), tenants.ids(), active);
    } catch (DataIntegrityViolationException tenantDeletedMeanwhile) {
      // its features row fails the foreign key; the tenants that exist now are read again
      updated = store.upsertForAll(flag.featureName(), tenants.ids(), active);
    }
    invalidation.broadcast(TOPIC);
    return updated;
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
