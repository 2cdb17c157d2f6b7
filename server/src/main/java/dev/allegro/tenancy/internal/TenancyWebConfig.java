package dev.allegro.tenancy.internal;

import dev.allegro.system.web.ApiException;
import dev.allegro.tenancy.HostContext;
import dev.allegro.tenancy.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets a controller method take the current {@link Tenant} as a parameter. */
@Configuration(proxyBeanMethods = false)
class TenancyWebConfig implements WebMvcConfigurer {

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new CurrentTenantResolver());
  }

  private static final class CurrentTenantResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
      return parameter.getParameterType() == Tenant.class;
    }

    @Override
    public Object resolveArgument(
        MethodParameter parameter,
        ModelAndViewContainer mav,
        NativeWebRequest request,
        WebDataBinderFactory binders) {
      var context = HostContext.of(request.getNativeRequest(HttpServletRequest.class));
      if (context instanceof HostContext.TenantHost(Tenant tenant)) {
        return tenant;
      }
      throw ApiException.notFound("This endpoint is served on a tenant's host.");
    }
  }
}
