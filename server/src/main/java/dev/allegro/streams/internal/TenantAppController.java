package dev.allegro.streams.internal;

import dev.allegro.auth.RequiresAbility;
import dev.allegro.streams.App;
import dev.allegro.streams.AppType;
import dev.allegro.streams.Apps;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.ValidationException;
import dev.allegro.tenancy.Tenant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's own side of installs, on its host: a token with {@code apps:manage} installs a public
 * app (which may then subscribe to this tenant's events) or uninstalls it (routing stops at once
 * and the app's subscriptions to this tenant are deactivated). Another tenant's in-house app is not
 * revealed: 404 as for an app that does not exist.
 */
@RestController
@RequestMapping("/api/v1/apps/{app}")
class TenantAppController {

  private final Apps apps;

  TenantAppController(Apps apps) {
    this.apps = apps;
  }

  /**
   * @param installed whether this tenant installed it (an in-house app of this tenant reads its
   *     events without being installed)
   */
  record TenantAppView(long id, String name, String type, boolean installed) {}

  @GetMapping
  @RequiresAbility("apps:manage")
  Map<String, TenantAppView> show(Tenant tenant, @PathVariable String app) {
    return data(visible(tenant, app), tenant);
  }

  @PostMapping("/install")
  @RequiresAbility("apps:manage")
  Map<String, TenantAppView> install(Tenant tenant, @PathVariable String app) {
    App found = visible(tenant, app);
    if (found.type() == AppType.IN_HOUSE) {
      throw ValidationException.of(
          "app", "An in-house app belongs to this tenant already; only a public app is installed.");
    }
    apps.install(found, tenant);
    return data(found, tenant);
  }

  @DeleteMapping("/install")
  @RequiresAbility("apps:manage")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void uninstall(Tenant tenant, @PathVariable String app) {
    App found = visible(tenant, app);
    if (found.type() == AppType.PUBLIC) {
      apps.uninstall(found, tenant);
    }
  }

  /** A public app, or this tenant's own in-house app; anything else is not found. */
  private App visible(Tenant tenant, String idOrName) {
    App found = apps.require(idOrName);
    if (found.type() == AppType.IN_HOUSE && !tenant.id().equals(found.tenant())) {
      throw ApiException.notFound("No app with id or name '" + idOrName + "'.");
    }
    return found;
  }

  private Map<String, TenantAppView> data(App app, Tenant tenant) {
    boolean installed = app.type() == AppType.PUBLIC && apps.installs(app).contains(tenant.id());
    return Map.of("data", new TenantAppView(app.id(), app.name(), app.type().value(), installed));
  }
}
