package dev.allegro.auth.internal;

import dev.allegro.auth.Access;
import dev.allegro.auth.AccessTokens;
import dev.allegro.auth.AppAccess;
import dev.allegro.auth.RequiresAbility;
import dev.allegro.system.web.ApiException;
import dev.allegro.tenancy.HostContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
  static final String APP_ACCESS_ATTRIBUTE = AppAccess.class.getName();

  private final AccessTokens tokens;
  private final TokenCache cache;

  AuthInterceptor(AccessTokens tokens, TokenCache cache) {
    this.tokens = tokens;
    this.cache = cache;
  }

  enum Route {
    LANDLORD,
    TENANT,
    /** The app API: an app's token, on the landlord's hosts (an app is not inside one tenant). */
    APP,
    PUBLIC;

    static Route of(String path) {
      if (path.startsWith("/api/v1/queues/") || path.equals("/api/v1/queues")) {
        return APP;
      }
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
    if (route == Route.APP) {
      return appRoute(request, host, method);
    }
    if (route == Route.LANDLORD && !(host instanceof HostContext.Landlord)) {
      throw ApiException.notFound("The landlord API is served on the landlord's hosts only.");
    }
    if (route == Route.TENANT && !(host instanceof HostContext.TenantHost)) {
      throw ApiException.notFound("This endpoint is served on a tenant's host.");
    }
    Access access =
        tokens
            .authenticate(request.getHeader(HttpHeaders.AUTHORIZATION))
            .orElseThrow(ApiException::unauthenticated);
    boolean allowed =
        switch (host) {
          case HostContext.Landlord landlord -> access.user().superAdmin();
          case HostContext.TenantHost(var tenant) ->
              access.user().superAdmin() || cache.isMember(access.user().id(), tenant.id());
        };
    RequiresAbility ability = requiredAbility(method);
    if (!allowed || (ability != null && !access.abilities().allows(ability.value()))) {
      throw ApiException.forbidden();
    }
    request.setAttribute(ACCESS_ATTRIBUTE, access);
    return true;
  }

  private boolean appRoute(HttpServletRequest request, HostContext host, HandlerMethod method) {
    if (!(host instanceof HostContext.Landlord)) {
      throw ApiException.notFound("The app API is served on the landlord's hosts only.");
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    var app = tokens.authenticateApp(authorization);
    if (app.isEmpty()) {
      if (tokens.authenticate(authorization).isPresent()) {
        throw new ApiException(
            HttpStatus.FORBIDDEN, "This API takes an app's token; this token belongs to a user.");
      }
      throw ApiException.unauthenticated();
    }
    RequiresAbility ability = requiredAbility(method);
    if (ability != null && !app.get().abilities().allows(ability.value())) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "This token lacks the ability " + ability.value() + ".");
    }
    request.setAttribute(APP_ACCESS_ATTRIBUTE, app.get());
    return true;
  }

  private static RequiresAbility requiredAbility(HandlerMethod method) {
    RequiresAbility onMethod =
        AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequiresAbility.class);
    return onMethod != null
        ? onMethod
        : AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresAbility.class);
  }
}
