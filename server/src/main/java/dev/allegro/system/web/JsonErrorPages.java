package dev.allegro.system.web;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Puts {@link JsonErrorReportValve} in place of every error report valve of Tomcat's host, Spring
 * Boot's own included, so that no error body is ever HTML.
 */
@Component
class JsonErrorPages implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

  @Override
  public void customize(ConfigurableTomcatWebServerFactory factory) {
    factory.addContextCustomizers(
        context -> {
          if (context.getParent() instanceof StandardHost host) {
            install(host);
          }
        });
  }

  static void install(StandardHost host) {
    host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
    for (Valve valve : host.getPipeline().getValves()) {
      if (valve instanceof ErrorReportValve && !(valve instanceof JsonErrorReportValve)) {
        host.getPipeline().removeValve(valve);
      }
    }
    host.getPipeline().addValve(new JsonErrorReportValve());
  }
}
