package dev.allegro.cli;

import static java.util.stream.Collectors.joining;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.embedded.Infrastructure;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Starts the Spring application against resolved infrastructure. */
final class Platform {

  private Platform() {}

  /**
   * @param roles what this process runs; empty for a one-shot command
   * @param quiet a one-shot command's context: the {@code cli} profile, warnings only
   */
  static ConfigurableApplicationContext start(
      Class<?> application, Infrastructure infrastructure, Set<Role> roles, boolean quiet) {
    var app = new SpringApplication(application);
    var defaults = new HashMap<String, Object>(infrastructure.springProperties());
    app.setDefaultProperties(defaults);
    app.setRegisterShutdownHook(false);
    app.setWebApplicationType(
        roles.contains(Role.WEB) ? WebApplicationType.SERVLET : WebApplicationType.NONE);
    if (quiet) {
      app.setAdditionalProfiles("cli");
      app.setLogStartupInfo(false);
    } else {
      // The command chose this process's roles; they override ALLEGRO_ROLES.
      String names =
          roles.stream().map(r -> r.name().toLowerCase(Locale.ROOT)).collect(joining(","));
      app.addInitializers(
          context ->
              context
                  .getEnvironment()
                  .getPropertySources()
                  .addFirst(new MapPropertySource("roles", Map.of("allegro.roles", names))));
    }
    return app.run();
  }

  /** Blocks until SIGTERM/SIGINT, then stops the context before the servers under it. */
  static int awaitShutdown(ConfigurableApplicationContext context, Infrastructure infrastructure) {
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  context.close();
                  infrastructure.close();
                  stopped.countDown();
                },
                "allegro-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
