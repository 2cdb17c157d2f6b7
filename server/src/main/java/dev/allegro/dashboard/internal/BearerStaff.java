package dev.allegro.dashboard.internal;

import dev.allegro.auth.AccessTokens;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.JsonResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A bearer token on a dashboard request (scripts calling the JSON API): the token's owner is the
 * request's staff member, for that request only (nothing goes into a session). A token that is not
 * a live one is a 401 at once; whether its owner may use the dashboard is {@link StaffAccess}'s to
 * say.
 */
final class BearerStaff extends OncePerRequestFilter {

  private final AccessTokens tokens;
  private final JsonResponses responses;

  BearerStaff(AccessTokens tokens, JsonResponses responses) {
    this.tokens = tokens;
    this.responses = responses;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return request.getHeader(HttpHeaders.AUTHORIZATION) == null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var access = tokens.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
    if (access.isEmpty()) {
      responses.write(response, ApiException.unauthenticated());
      return;
    }
    var user = access.get().user();
    var principal = new StaffPrincipal(user.id().value(), user.email(), true);
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            principal, null, List.of(new SimpleGrantedAuthority("ROLE_STAFF"))));
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }
}
