package dev.allegro.auth.internal;

import dev.allegro.auth.Access;
import dev.allegro.auth.RequiresAbility;
import dev.allegro.auth.TokenSecrets;
import dev.allegro.system.web.ApiException;
import dev.allegro.tenancy.HostContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Guards the API by path, in this order: the host must fit the route (landlord routes on landlord
 * hosts, tenant routes on tenant hosts; otherwise 404), then a valid bearer token (401), then the
 * right to view (super admin for the landlord, membership or super admin for a tenant) and the
 * route's {@link RequiresAbility} (403).
 */
@Component
class AuthInterceptor implements HandlerInterceptor {

  static final String ACCESS_ATTRIBUTE = Access.class.getName();

  private final TokenCache cache;
  private final TokenUsageRecorder usage;
  private final Clock clock;

  AuthInterceptor(TokenCache cache, TokenUsageRecorder usage, Clock clock) {
    this.cache = cache;
    this.usage = usage;
    this.clock = clock;
  }

  enum Route {
    LANDLORD,
    TENANT,
    PUBLIC;

    static Route of(String path) {
      if (path.startsWith("/api/v1/landlord/") || path.equals("/api/v1/landlord")) {
        return LANDLORD;
      }
      if (path.startsWith("/api/v1/") || path.startsWith("/api/platform/")) {
        return TENANT;
      }
      return PUBLIC;
    }
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod method)) {
      return true;
    }
    Route route = Route.of(request.getRequestURI());
    if (route == Route.PUBLIC) {
      return true;
    }
    HostContext host = HostContext.of(request);
    if (route == Route.LANDLORD && !(host instanceof HostContext.Landlord)) {
      throw ApiException.notFound("The landlord API is served on the landlord's hosts only.");
    }
    if (route == Route.TENANT && !(host instanceof HostContext.TenantHost)) {
      throw ApiException.notFound("This endpoint is served on a tenant's host.");
    }
    StoredToken token = authenticate(request);
    boolean allowed =
        switch (host) {
          case HostContext.Landlord landlord -> token.user().superAdmin();
          case HostContext.TenantHost(var tenant) ->
              token.user().superAdmin() || cache.isMember(token.user().id(), tenant.id());
        };
    RequiresAbility ability = requiredAbility(method);
    if (!allowed || (ability != null && !token.abilities().allows(ability.value()))) {
      throw ApiException.forbidden();
    }
    request.setAttribute(
        ACCESS_ATTRIBUTE, new Access(token.id(), token.name(), token.user(), token.abilities()));
    return true;
  }

  private StoredToken authenticate(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.unauthenticated();
    }
    var parsed = TokenSecrets.parse(header.substring(7).trim());
    if (parsed.isEmpty()) {
      throw ApiException.unauthenticated();
    }
    var now = clock.instant();
    StoredToken token =
        cache
            .token(parsed.get().id())
            .filter(t -> TokenSecrets.matches(parsed.get().secret(), t.hash()))
            .filter(t -> t.expiresAt() == null || t.expiresAt().isAfter(now))
            .orElseThrow(ApiException::unauthenticated);
    usage.used(token.id(), now);
    return token;
  }

  private static RequiresAbility requiredAbility(HandlerMethod method) {
    RequiresAbility onMethod =
        AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequiresAbility.class);
    return onMethod != null
        ? onMethod
        : AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresAbility.class);
  }
}
