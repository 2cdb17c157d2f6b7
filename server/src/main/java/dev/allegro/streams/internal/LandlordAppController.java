package dev.allegro.streams.internal;

import dev.allegro.auth.Abilities;
import dev.allegro.streams.App;
import dev.allegro.streams.Apps;
import dev.allegro.system.web.JsonBody;
import dev.allegro.system.web.ValidationException;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.Tenants;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The landlord's app API; the auth module allows it to super admins on landlord hosts only. */
@RestController
@RequestMapping("/api/v1/landlord/apps")
class LandlordAppController {

  private final Apps apps;
  private final Tenants tenants;

  LandlordAppController(Apps apps, Tenants tenants) {
    this.apps = apps;
    this.tenants = tenants;
  }

  /**
   * @param tenant the slug of the tenant an in-house app belongs to, or null
   * @param installs the slugs of the tenants that installed a public app
   */
  record AppView(
      long id, String name, String type, String tenant, List<String> installs, Instant createdAt) {}

  record CreateApp(String name, String type, String tenant) {}

  record CreateToken(String name, List<String> abilities) {}

  record TokenView(long id, String name, List<String> abilities, String token) {}

  record Install(String tenant) {}

  @GetMapping
  Map<String, List<AppView>> list() {
    return Map.of("data", apps.all().stream().map(this::view).toList());
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, AppView> create(@JsonBody CreateApp body) {
    return data(apps.create(body.name(), body.type(), body.tenant()));
  }

  @GetMapping("/{app}")
  Map<String, AppView> show(@PathVariable String app) {
    return data(apps.require(app));
  }

  @PostMapping("/{app}/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, TokenView> token(@PathVariable String app, @JsonBody CreateToken body) {
    var owner = apps.require(app);
    Abilities abilities = Apps.APP_ABILITIES;
    if (body.abilities() != null) {
      try {
        abilities = new Abilities(body.abilities());
      } catch (IllegalArgumentException e) {
        throw ValidationException.of("abilities", e.getMessage());
      }
    }
    var token = apps.token(owner, body.name(), abilities);
    return Map.of(
        "data",
        new TokenView(token.id(), body.name().trim(), abilities.values(), token.plainText()));
  }

  @PostMapping("/{app}/installs")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, AppView> install(@PathVariable String app, @JsonBody Install body) {
    var owner = apps.require(app);
    if (body.tenant() == null || body.tenant().isBlank()) {
      throw ValidationException.of("tenant", "The tenant field is required.");
    }
    Tenant tenant =
        tenants
            .find(body.tenant())
            .orElseThrow(
                () ->
                    ValidationException.of(
                        "tenant", "No tenant with id or slug '" + body.tenant() + "'."));
    apps.install(owner, tenant);
    return data(owner);
  }

  @DeleteMapping("/{app}/installs/{tenant}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void uninstall(@PathVariable String app, @PathVariable String tenant) {
    apps.uninstall(apps.require(app), tenants.require(tenant));
  }

  private Map<String, AppView> data(App app) {
    return Map.of("data", view(app));
  }

  private AppView view(App app) {
    String owner = app.tenant() == null ? null : slug(app.tenant().toString());
    return new AppView(
        app.id(),
        app.name(),
        app.type().value(),
        owner,
        apps.installs(app).stream().map(t -> slug(t.toString())).toList(),
        app.createdAt());
  }

  private String slug(String tenantId) {
    return tenants.find(tenantId).map(Tenant::slug).orElse(tenantId);
  }
}
