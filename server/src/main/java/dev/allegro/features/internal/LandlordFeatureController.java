package dev.allegro.features.internal;

import dev.allegro.features.FeatureFlag;
import dev.allegro.features.FeatureFlags;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.system.web.JsonBody;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.Tenants;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The landlord's feature API: list features, read a tenant's, switch one for a tenant or all. */
@RestController
class LandlordFeatureController {

  private final FeatureFlags flags;
  private final Tenants tenants;

  LandlordFeatureController(FeatureFlags flags, Tenants tenants) {
    this.flags = flags;
    this.tenants = tenants;
  }

  record FeatureView(String name, boolean defaultValue) {}

  record Switch(String tenant, Boolean all) {}

  record Switched(String name, boolean active, String tenant, boolean all, int tenants) {}

  @GetMapping("/api/v1/landlord/features")
  Map<String, List<FeatureView>> list() {
    return Map.of(
        "data",
        Arrays.stream(FeatureFlag.values())
            .map(f -> new FeatureView(f.featureName(), f.defaultValue()))
            .toList());
  }

  @GetMapping("/api/v1/landlord/tenants/{tenant}/features")
  Map<String, Map<String, Boolean>> forTenant(@PathVariable String tenant) {
    var values = new LinkedHashMap<String, Boolean>();
    flags
        .valuesFor(tenants.require(tenant).id())
        .forEach((flag, active) -> values.put(flag.featureName(), active));
    return Map.of("data", values);
  }

  @PostMapping("/api/v1/landlord/features/{name}/activate")
  Map<String, Switched> activate(@PathVariable String name, @JsonBody Switch body) {
    return Map.of("data", apply(name, body, true));
  }

  @PostMapping("/api/v1/landlord/features/{name}/deactivate")
  Map<String, Switched> deactivate(@PathVariable String name, @JsonBody Switch body) {
    return Map.of("data", apply(name, body, false));
  }

  private Switched apply(String name, Switch body, boolean active) {
    FeatureFlag flag =
        FeatureFlag.named(name)
            .orElseThrow(() -> ApiException.notFound("No feature named '" + name + "'."));
    boolean all = Boolean.TRUE.equals(body.all());
    boolean hasTenant = body.tenant() != null && !body.tenant().isBlank();
    if (all == hasTenant) {
      new FieldErrors()
          .add("tenant", "Give either the tenant field or \"all\": true.")
          .throwIfAny();
    }
    if (all) {
      return new Switched(flag.featureName(), active, null, true, flags.setForAll(flag, active));
    }
    Tenant tenant = tenants.require(body.tenant());
    flags.set(flag, tenant.id(), active);
    return new Switched(flag.featureName(), active, tenant.slug(), false, 1);
  }
}
