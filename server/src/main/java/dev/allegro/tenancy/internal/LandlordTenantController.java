package dev.allegro.tenancy.internal;

import dev.allegro.system.web.JsonBody;
import dev.allegro.system.web.Page;
import dev.allegro.system.web.ValidationException;
import dev.allegro.tenancy.NewTenant;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.Tenants;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/** The landlord's tenant API; the auth module allows it to super admins on landlord hosts only. */
@RestController
@RequestMapping("/api/v1/landlord/tenants")
class LandlordTenantController {

  private final Tenants tenants;

  LandlordTenantController(Tenants tenants) {
    this.tenants = tenants;
  }

  /**
   * {@code allowed_origins} null means any origin may call the SDK endpoints; {@code
   * sdk_cookie_domain} null, that the SDK's cookies belong to the page's own host.
   */
  record TenantView(
      long id,
      String slug,
      String name,
      List<String> domains,
      List<String> allowedOrigins,
      String sdkCookieDomain,
      Instant createdAt) {

    static TenantView of(Tenant tenant) {
      return new TenantView(
          tenant.id().value(),
          tenant.slug(),
          tenant.name(),
          tenant.domains(),
          tenant.allowedOrigins(),
          tenant.sdkCookieDomain(),
          tenant.createdAt());
    }
  }

  record CreateTenant(String slug, String name, List<String> domains) {}

  record UpdateTenant(
      String slug, String name, JsonNode allowedOrigins, JsonNode sdkCookieDomain) {}

  record AddDomain(String domain) {}

  @GetMapping
  Page<TenantView> list(
      @RequestParam(required = false) String page,
      @RequestParam(name = "per_page", required = false) String perPage,
      HttpServletRequest request) {
    String path =
        ServletUriComponentsBuilder.fromRequestUri(request).replaceQuery(null).toUriString();
    Page<Tenant> result = tenants.page(Page.Request.of(page, perPage), path);
    return new Page<>(
        result.data().stream().map(TenantView::of).toList(), result.links(), result.meta());
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, TenantView> create(@JsonBody CreateTenant body) {
    return data(tenants.create(new NewTenant(body.slug(), body.name(), body.domains())));
  }

  @GetMapping("/{tenant}")
  Map<String, TenantView> show(@PathVariable String tenant) {
    return data(tenants.require(tenant));
  }

  @PatchMapping("/{tenant}")
  Map<String, TenantView> update(@PathVariable String tenant, @JsonBody UpdateTenant body) {
    JsonNode origins = body.allowedOrigins();
    boolean anyOrigin = origins != null && origins.isNull();
    List<String> list = null;
    if (origins != null && origins.isArray()) {
      list = new ArrayList<>();
      for (JsonNode origin : origins) {
        list.add(origin.isString() ? origin.asString() : null);
      }
    } else if (origins != null && !anyOrigin) {
      throw ValidationException.of(
          "allowed_origins", "The allowed_origins field must be a list of origins or null.");
    }
    JsonNode cookieDomain = body.sdkCookieDomain();
    boolean ownHost = cookieDomain != null && cookieDomain.isNull();
    if (cookieDomain != null && !ownHost && !cookieDomain.isString()) {
      throw ValidationException.of(
          "sdk_cookie_domain", "The sdk_cookie_domain field must be a host name or null.");
    }
    return data(
        tenants.update(
            tenants.require(tenant),
            new Tenants.Changes(
                body.slug(),
                body.name(),
                list,
                anyOrigin,
                cookieDomain != null && cookieDomain.isString() ? cookieDomain.asString() : null,
                ownHost)));
  }

  @DeleteMapping("/{tenant}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable String tenant) {
    tenants.delete(tenants.require(tenant));
  }

  @PostMapping("/{tenant}/domains")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, TenantView> addDomain(@PathVariable String tenant, @JsonBody AddDomain body) {
    return data(tenants.addDomain(tenants.require(tenant), body.domain()));
  }

  @DeleteMapping("/{tenant}/domains/{domain}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void removeDomain(@PathVariable String tenant, @PathVariable String domain) {
    tenants.removeDomain(tenants.require(tenant), domain);
  }

  private static Map<String, TenantView> data(Tenant tenant) {
    return Map.of("data", TenantView.of(tenant));
  }
}
