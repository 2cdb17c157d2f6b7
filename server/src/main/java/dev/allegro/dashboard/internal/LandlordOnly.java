package dev.allegro.dashboard.internal;

import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.JsonResponses;
import dev.allegro.tenancy.HostContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** The dashboard is the platform's, served on the landlord's hosts only: elsewhere a 404. */
final class LandlordOnly extends OncePerRequestFilter {

  private final JsonResponses responses;

  LandlordOnly(JsonResponses responses) {
    this.responses = responses;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!(HostContext.of(request) instanceof HostContext.Landlord)) {
      responses.write(
          response, ApiException.notFound("The dashboard is served on the landlord's hosts only."));
      return;
    }
    chain.doFilter(request, response);
  }
}
