package dev.allegro.streams;

import dev.allegro.auth.Abilities;
import dev.allegro.auth.AccessTokens;
import dev.allegro.auth.NewAccessToken;
import dev.allegro.streams.internal.AppStore;
import dev.allegro.streams.internal.QueueStore;
import dev.allegro.streams.internal.SubscriptionRoutes;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.system.web.ValidationException;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.TenantId;
import dev.allegro.tenancy.Tenants;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Apps, their installs on tenants and their tokens. A public app reads the events of the tenants
 * that installed it; an in-house app those of the one tenant it belongs to.
 */
@Service
public class Apps {

  /** What an app's token may do by default. */
  public static final Abilities APP_ABILITIES =
      new Abilities(List.of("queues:manage", "queues:pull"));

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}");

  private final AppStore store;
  private final QueueStore queues;
  private final SubscriptionRoutes routes;
  private final Tenants tenants;
  private final AccessTokens tokens;

  Apps(
      AppStore store,
      QueueStore queues,
      SubscriptionRoutes routes,
      Tenants tenants,
      AccessTokens tokens) {
    this.store = store;
    this.queues = queues;
    this.routes = routes;
    this.tenants = tenants;
    this.tokens = tokens;
  }

  /**
   * @param type {@code public} or {@code in-house}
   * @param tenant the id or slug of the tenant an in-house app belongs to; none for a public app
   * @throws ValidationException naming the field that is wrong
   */
  public App create(String name, String type, String tenant) {
    var errors = new FieldErrors();
    if (name == null || name.isBlank()) {
      errors.add("name", "The name field is required.");
    } else if (!NAME.matcher(name).matches()) {
      errors.add(
          "name",
          "The name field must be 1 to 100 letters, digits, spaces, '.', '_' or '-', starting"
              + " with a letter or digit.");
    } else if (name.chars().allMatch(Character::isDigit)) {
      errors.add("name", "The name field must not be only digits (it would read as an id).");
    }
    var parsed = type == null ? null : AppType.parse(type).orElse(null);
    if (parsed == null) {
      errors.add("type", "The type field must be public or in-house.");
    }
    Tenant owner = null;
    if (parsed == AppType.IN_HOUSE) {
      if (tenant == null || tenant.isBlank()) {
        errors.add("tenant", "The tenant field is required for an in-house app.");
      } else {
        owner = tenants.find(tenant).orElse(null);
        if (owner == null) {
          errors.add("tenant", "No tenant with id or slug '" + tenant + "'.");
        }
      }
    } else if (parsed == AppType.PUBLIC && tenant != null) {
      errors.add("tenant", "A public app belongs to no tenant; install it instead.");
    }
    errors.throwIfAny();
    try {
      return store.insert(name, parsed, owner == null ? null : owner.id());
    } catch (DuplicateKeyException e) {
      throw ValidationException.of("name", "An app named '" + name + "' exists already.");
    }
  }

  public List<App> all() {
    return store.all();
  }

  /**
   * @param idOrName the app's id or its name
   * @throws ApiException 404 when no app has it
   */
  public App require(String idOrName) {
    var found =
        !idOrName.isEmpty()
                && idOrName.length() < 19
                && idOrName.chars().allMatch(Character::isDigit)
            ? store.findById(Long.parseLong(idOrName))
            : store.findByName(idOrName);
    return found.orElseThrow(
        () -> ApiException.notFound("No app with id or name '" + idOrName + "'."));
  }

  public App require(long id) {
    return store
        .findById(id)
        .orElseThrow(() -> ApiException.notFound("No app with id '" + id + "'."));
  }

  /** A token of the app; its plaintext is shown once. */
  public NewAccessToken token(App app, String name, Abilities abilities) {
    if (name == null || name.isBlank()) {
      throw ValidationException.of("name", "The name field is required.");
    }
    return tokens.createForApp(app.id(), name, abilities == null ? APP_ABILITIES : abilities);
  }

  /**
   * Lets a public app subscribe to the tenant's events.
   *
   * @return whether it was not installed before
   */
  public boolean install(App app, Tenant tenant) {
    if (app.type() == AppType.IN_HOUSE) {
      throw ValidationException.of(
          "tenant", "An in-house app belongs to its tenant; only a public app is installed.");
    }
    boolean installed = store.install(app.id(), tenant.id());
    routes.changed();
    return installed;
  }

  /**
   * Stops routing the tenant's events to the app's queues at once and deactivates the app's
   * subscriptions to them.
   *
   * @return whether it was installed
   */
  @Transactional
  public boolean uninstall(App app, Tenant tenant) {
    boolean was = store.uninstall(app.id(), tenant.id());
    queues.deactivateAll(app.id(), tenant.id());
    routes.changed();
    return was;
  }

  public List<TenantId> installs(App app) {
    return store.installs(app.id());
  }

  /**
   * Whether the app may read the tenant's events, and if not, why.
   *
   * @return empty when it may, else the reason
   */
  public java.util.Optional<String> refusal(App app, Tenant tenant) {
    return switch (app.type()) {
      case IN_HOUSE ->
          app.tenant().equals(tenant.id())
              ? java.util.Optional.empty()
              : java.util.Optional.of(
                  "An in-house app may subscribe only to its own tenant's events, not to tenant '"
                      + tenant.slug()
                      + "'.");
      case PUBLIC ->
          store.isInstalled(app.id(), tenant.id())
              ? java.util.Optional.empty()
              : java.util.Optional.of("Tenant '" + tenant.slug() + "' has not installed this app.");
    };
  }
}
