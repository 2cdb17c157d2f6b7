package dev.allegro.system.web;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** Lets every controller bind a JSON body with {@link JsonBody}. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

  private final JsonMapper json;

  WebConfig(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new JsonBodyResolver(json));
  }
}
