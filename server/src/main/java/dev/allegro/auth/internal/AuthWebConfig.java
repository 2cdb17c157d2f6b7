package dev.allegro.auth.internal;

import dev.allegro.auth.Access;
import dev.allegro.auth.AppAccess;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.RequestArgument;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Guards {@code /api/**} and lets a controller method take the caller's {@link Access}. */
@Configuration(proxyBeanMethods = false)
class AuthWebConfig implements WebMvcConfigurer {

  private final AuthInterceptor interceptor;

  AuthWebConfig(AuthInterceptor interceptor) {
    this.interceptor = interceptor;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(interceptor).addPathPatterns("/api/**");
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(
        new RequestArgument<>(
            Access.class,
            request -> (Access) request.getAttribute(AuthInterceptor.ACCESS_ATTRIBUTE),
            ApiException::unauthenticated));
    resolvers.add(
        new RequestArgument<>(
            AppAccess.class,
            request -> (AppAccess) request.getAttribute(AuthInterceptor.APP_ACCESS_ATTRIBUTE),
            ApiException::unauthenticated));
  }
}
