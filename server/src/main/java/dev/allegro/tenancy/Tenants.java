package dev.allegro.tenancy;

import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.allegro.system.AllegroProperties;
import dev.allegro.system.CacheInvalidation;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.system.web.Page;
import dev.allegro.system.web.ValidationException;
import dev.allegro.tenancy.internal.TenantStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Tenants and their domains: what the rest of the platform asks about tenancy. */
@Service
public class Tenants {

  private static final String INVALIDATION_TOPIC = "tenancy";
  private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");

  private static final Pattern ORIGIN =
      Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d{1,5})?", Pattern.CASE_INSENSITIVE);

  private final TenantStore store;
  private final CacheInvalidation invalidation;
  private final List<String> landlordDomains;
  private final LoadingCache<String, Optional<Tenant>> byHost;
  private final ApplicationEventPublisher events;

  Tenants(
      TenantStore store,
      CacheInvalidation invalidation,
      AllegroProperties properties,
      ApplicationEventPublisher events) {
    this.store = store;
    this.events = events;
    this.landlordDomains = properties.landlordDomains();
    this.invalidation = invalidation;
    this.byHost =
        invalidation.cache(INVALIDATION_TOPIC, Duration.ofSeconds(1), store::findByDomain);
  }

  /** The tenant served at {@code host} (lower-case, no port); cached for at most one second. */
  public Optional<Tenant> forHost(String host) {
    return byHost.get(host);
  }

  public Optional<Tenant> find(String idOrSlug) {
    if (idOrSlug.chars().allMatch(Character::isDigit) && !idOrSlug.isEmpty()) {
      try {
        return store.findById(new TenantId(Long.parseLong(idOrSlug)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    String slug = idOrSlug.toLowerCase(Locale.ROOT);
    // No tenant has a slug of another shape; nor is it sent to the database (a NUL would fail).
    return SLUG.matcher(slug).matches() ? store.findBySlug(slug) : Optional.empty();
  }

  /**
   * @throws ApiException 404 when no tenant has that id or slug
   */
  public Tenant require(String idOrSlug) {
    return find(idOrSlug)
        .orElseThrow(() -> ApiException.notFound("No tenant with id or slug '" + idOrSlug + "'."));
  }

  public Page<Tenant> page(Page.Request request, String path) {
    return Page.of(store.page(request.offset(), request.perPage()), request, store.count(), path);
  }

  /** The id of every tenant that exists now. */
  public List<TenantId> ids() {
    return store.ids();
  }

  public List<Tenant> all() {
    return store.page(0, Integer.MAX_VALUE);
  }

  @Transactional
  public Tenant create(NewTenant tenant) {
    var errors = new FieldErrors();
    String slug = validSlug(tenant.slug(), errors);
    if (slug != null && store.slugTaken(slug)) {
      errors.add("slug", "The slug has already been taken.");
    }
    if (tenant.name() == null || tenant.name().isBlank()) {
      errors.add("name", "The name field is required.");
    } else {
      validName(tenant.name(), errors);
    }
    List<String> domains = new ArrayList<>();
    List<String> requested = tenant.domains() == null ? List.of() : tenant.domains();
    for (int i = 0; i < requested.size(); i++) {
      String domain = validDomain(requested.get(i), "domains." + i, errors);
      if (domain != null && domains.contains(domain)) {
        errors.add("domains." + i, "The domains." + i + " field has a duplicate value.");
      } else if (domain != null) {
        domains.add(domain);
      }
    }
    errors.throwIfAny();
    Tenant created;
    try {
      created = store.insert(slug, tenant.name().trim(), domains);
    } catch (DuplicateKeyException e) {
      throw taken(e, "domains");
    }
    invalidation.broadcast(INVALIDATION_TOPIC);
    return created;
  }

  /**
   * What a PATCH may change; a {@code null} field is left as it is. {@code anyOrigin} clears the
   * allowed origins, {@code ownHostCookies} the SDK's cookie domain.
   */
  public record Changes(
      String slug,
      String name,
      List<String> allowedOrigins,
      boolean anyOrigin,
      String sdkCookieDomain,
      boolean ownHostCookies) {

    public Changes(String slug, String name, List<String> allowedOrigins, boolean anyOrigin) {
      this(slug, name, allowedOrigins, anyOrigin, null, false);
    }
  }

  @Transactional
  public Tenant update(Tenant tenant, Changes changes) {
    var errors = new FieldErrors();
    String slug = changes.slug();
    String newSlug = slug == null ? tenant.slug() : validSlug(slug, errors);
    if (newSlug != null && !newSlug.equals(tenant.slug()) && store.slugTaken(newSlug)) {
      errors.add("slug", "The slug has already been taken.");
    }
    String name = changes.name();
    if (name != null && name.isBlank()) {
      errors.add("name", "The name field must not be empty.");
    } else if (name != null) {
      validName(name, errors);
    }
    List<String> origins = tenant.allowedOrigins();
    if (changes.anyOrigin()) {
      origins = null;
    } else if (changes.allowedOrigins() != null) {
      origins = new ArrayList<>();
      for (int i = 0; i < changes.allowedOrigins().size(); i++) {
        String origin = changes.allowedOrigins().get(i);
        if (origin == null || !ORIGIN.matcher(origin).matches()) {
          errors.add(
              "allowed_origins." + i,
              "The allowed_origins."
                  + i
                  + " field must be an origin such as https://shop.example.");
        } else {
          origins.add(origin.toLowerCase(Locale.ROOT));
        }
      }
    }
    String cookieDomain = tenant.sdkCookieDomain();
    if (changes.ownHostCookies()) {
      cookieDomain = null;
    } else if (changes.sdkCookieDomain() != null) {
      cookieDomain = changes.sdkCookieDomain().trim().toLowerCase(Locale.ROOT);
      if (cookieDomain.startsWith(".")) {
        cookieDomain = cookieDomain.substring(1);
      }
      if (!DOMAIN.matcher(cookieDomain).matches()) {
        errors.add(
            "sdk_cookie_domain",
            "The sdk_cookie_domain field must be a host name such as shop.example.");
      }
    }
    errors.throwIfAny();
    try {
      store.update(
          tenant.id(), newSlug, name == null ? tenant.name() : name.trim(), origins, cookieDomain);
    } catch (DuplicateKeyException e) {
      throw taken(e, "domain");
    }
    invalidation.broadcast(INVALIDATION_TOPIC);
    return store.findById(tenant.id()).orElseThrow();
  }

  /** Deletes the tenant, and with it what other modules keep of it ({@link TenantDeleted}). */
  @Transactional
  public void delete(Tenant tenant) {
    store.delete(tenant.id());
    events.publishEvent(new TenantDeleted(tenant.id()));
    invalidation.broadcast(INVALIDATION_TOPIC);
  }

  @Transactional
  public Tenant addDomain(Tenant tenant, String domain) {
    var errors = new FieldErrors();
    String valid = validDomain(domain, "domain", errors);
    errors.throwIfAny();
    try {
      store.insertDomain(tenant.id(), valid);
    } catch (DuplicateKeyException e) {
      throw taken(e, "domain");
    }
    invalidation.broadcast(INVALIDATION_TOPIC);
    return store.findById(tenant.id()).orElseThrow();
  }

  @Transactional
  public void removeDomain(Tenant tenant, String domain) {
    String normalized = domain.toLowerCase(Locale.ROOT);
    if (!store.deleteDomain(tenant.id(), normalized)) {
      throw ApiException.notFound(
          "Tenant '" + tenant.slug() + "' has no domain '" + normalized + "'.");
    }
    invalidation.broadcast(INVALIDATION_TOPIC);
  }

  /**
   * The answer when a concurrent request took the slug or a domain between the check above and the
   * insert: the unique index decides, and the loser hears what the check would have said.
   */
  private static ValidationException taken(DuplicateKeyException e, String domainField) {
    String message = String.valueOf(e.getMostSpecificCause().getMessage());
    String field = message.contains("tenants_slug_key") ? "slug" : domainField;
    return ValidationException.of(field, "The " + field + " has already been taken.");
  }

  private static void validName(String name, FieldErrors errors) {
    if (name.indexOf('\0') >= 0) {
      errors.add("name", "The name field must not contain NUL characters.");
    } else if (name.length() > 255) {
      errors.add("name", "The name field must not be greater than 255 characters.");
    }
  }

  /** The slug's shape; whether it is taken is for the caller to ask. */
  private static String validSlug(String slug, FieldErrors errors) {
    if (slug == null || slug.isBlank()) {
      errors.add("slug", "The slug field is required.");
      return null;
    }
    String normalized = slug.trim();
    if (!SLUG.matcher(normalized).matches()) {
      errors.add(
          "slug", "The slug field must be 1 to 63 lower-case letters, digits and inner hyphens.");
      return null;
    }
    if (normalized.chars().allMatch(Character::isDigit)) {
      errors.add("slug", "The slug field must not be only digits.");
      return null;
    }
    return normalized;
  }

  private String validDomain(String domain, String field, FieldErrors errors) {
    if (domain == null || domain.isBlank()) {
      errors.add(field, "The " + field + " field is required.");
      return null;
    }
    String normalized = domain.trim().toLowerCase(Locale.ROOT);
    if (!DOMAIN.matcher(normalized).matches()) {
      errors.add(field, "The " + field + " field must be a valid host name.");
      return null;
    }
    if (landlordDomains.contains(normalized)) {
      errors.add(field, "The " + field + " is the landlord's and cannot be a tenant's.");
    } else if (store.domainTaken(normalized)) {
      errors.add(field, "The " + field + " has already been taken.");
    }
    return normalized;
  }
}
