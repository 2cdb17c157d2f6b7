package dev.allegro.tenancy.internal;

import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.RequestArgument;
import dev.allegro.tenancy.HostContext;
import dev.allegro.tenancy.Tenant;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets a controller method take the current {@link Tenant} as a parameter. */
@Configuration(proxyBeanMethods = false)
class TenancyWebConfig implements WebMvcConfigurer {

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(
        new RequestArgument<>(
            Tenant.class,
            request ->
                HostContext.of(request) instanceof HostContext.TenantHost(Tenant tenant)
                    ? tenant
                    : null,
            () -> ApiException.notFound("This endpoint is served on a tenant's host.")));
  }
}
