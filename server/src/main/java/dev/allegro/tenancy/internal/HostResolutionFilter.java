package dev.allegro.tenancy.internal;

import dev.allegro.system.AllegroProperties;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.JsonResponses;
import dev.allegro.system.web.TrustedProxies;
import dev.allegro.tenancy.HostContext;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.Tenants;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Picks the landlord or the tenant from the request's host, in the manner of
 * spatie/laravel-multitenancy's domain finder. An unknown host gets a JSON 404 before anything else
 * runs. The orchestrators' probes ({@code /livez}, {@code /readyz}) and error dispatches answer on
 * any host; the management endpoints are on a port of their own, which this filter never sees.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class HostResolutionFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(HostResolutionFilter.class);

  private final Tenants tenants;
  private final TrustedProxies proxies;
  private final JsonResponses responses;
  private final Set<String> landlordDomains;

  HostResolutionFilter(
      Tenants tenants,
      TrustedProxies proxies,
      JsonResponses responses,
      AllegroProperties properties) {
    this.tenants = tenants;
    this.proxies = proxies;
    this.responses = responses;
    this.landlordDomains = Set.copyOf(properties.landlordDomains());
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return path.equals("/livez") || path.equals("/readyz") || path.equals("/error");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String host = proxies.host(request);
    HostContext context;
    if (landlordDomains.contains(host)) {
      context = new HostContext.Landlord();
    } else {
      Optional<Tenant> tenant;
      try {
        tenant = tenants.forHost(host);
      } catch (DataAccessResourceFailureException | QueryTimeoutException e) {
        // Outside the controllers, so the API's exception handler would not see it: a database
        // that does not answer is a 503 here as it is everywhere else.
        log.warn("Could not resolve host '{}': {}", host, e.toString());
        responses.write(response, ApiException.unavailable());
        return;
      }
      if (tenant.isEmpty()) {
        responses.write(response, ApiException.notFound("No tenant is served at '" + host + "'."));
        return;
      }
      context = new HostContext.TenantHost(tenant.get());
    }
    request.setAttribute(HostContext.ATTRIBUTE, context);
    chain.doFilter(request, response);
  }
}
