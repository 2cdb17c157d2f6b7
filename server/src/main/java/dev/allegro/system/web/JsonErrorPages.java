package dev.allegro.system.web;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Puts {@link JsonErrorReportValve} in place of every error report valve of Tomcat's host, Spring
 * Boot's own included, so that no error body is ever HTML: on the main server before it starts, on
 * the management server (whose factory, in a child context, takes no customizer of this context) as
 * soon as it has started.
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

  @EventListener
  void started(WebServerInitializedEvent event) {
    if (event.getWebServer() instanceof TomcatWebServer tomcat
        && tomcat.getTomcat().getHost() instanceof StandardHost host) {
      install(host);
    }
  }

  private static void install(StandardHost host) {
    host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
    boolean installed = false;
    for (Valve valve : host.getPipeline().getValves()) {
      if (valve instanceof JsonErrorReportValve) {
        installed = true;
      } else if (valve instanceof ErrorReportValve) {
        host.getPipeline().removeValve(valve);
      }
    }
    if (!installed) {
      host.getPipeline().addValve(new JsonErrorReportValve());
    }
  }
}
