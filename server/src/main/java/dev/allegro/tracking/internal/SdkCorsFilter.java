package dev.allegro.tracking.internal;

import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.JsonResponses;
import dev.allegro.tenancy.HostContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CORS for the browser SDK's endpoints, per tenant: its allowed origins, or any origin when it has
 * none configured. A request from another origin is refused with 403 before anything is stored,
 * since a beacon ({@code text/plain}) is sent without a preflight.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class SdkCorsFilter extends OncePerRequestFilter {

  private final JsonResponses responses;

  SdkCorsFilter(JsonResponses responses) {
    this.responses = responses;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !(path.equals("/api/events")
        || path.equals("/api/heartbeat")
        || path.equals("/api/magic-link")
        || path.equals("/api/magic-link/validate"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String origin = request.getHeader("Origin");
    if (origin == null || !(HostContext.of(request) instanceof HostContext.TenantHost host)) {
      chain.doFilter(request, response);
      return;
    }
    if (!host.tenant().allowsOrigin(origin.toLowerCase(java.util.Locale.ROOT))) {
      responses.write(
          response,
          new ApiException(HttpStatus.FORBIDDEN, "Origin " + origin + " is not allowed."));
      return;
    }
    response.setHeader("Access-Control-Allow-Origin", origin);
    response.addHeader("Vary", "Origin");
    boolean preflight =
        "OPTIONS".equals(request.getMethod())
            && request.getHeader("Access-Control-Request-Method") != null;
    if (preflight) {
      response.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
      String headers = request.getHeader("Access-Control-Request-Headers");
      response.setHeader(
          "Access-Control-Allow-Headers", headers == null ? "Content-Type" : headers);
      response.setHeader("Access-Control-Max-Age", "86400");
      response.setStatus(HttpStatus.NO_CONTENT.value());
      return;
    }
    chain.doFilter(request, response);
  }
}
