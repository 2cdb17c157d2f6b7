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

/** Starts Spring against resolved infrastructure: a node with its roles, or a command's context. */
final class Platform {

  private Platform() {}

  /** The whole application, running {@code roles} (they override {@code ALLEGRO_ROLES}). */
  static ConfigurableApplicationContext startNode(
      Class<?> application, Infrastructure infrastructure, Set<Role> roles) {
    var app = new SpringApplication(application);
    app.setDefaultProperties(new HashMap<>(infrastructure.springProperties()));
    app.setRegisterShutdownHook(false); // awaitShutdown's hook closes it, before the servers
    app.setWebApplicationType(
        roles.contains(Role.WEB) ? WebApplicationType.SERVLET : WebApplicationType.NONE);
    String names = roles.stream().map(r -> r.name().toLowerCase(Locale.ROOT)).collect(joining(","));
    app.addInitializers(
        context ->
            context
                .getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource("roles", Map.of("allegro.roles", names))));
    return app.run();
  }

  /**
   * A one-shot command's context ({@link CommandContext}): the {@code cli} profile, warnings only,
   * beans created when the command first asks for them.
   */
  static ConfigurableApplicationContext startCommandContext(Map<String, Object> servers) {
    // Work a one-shot command has no use for: Lettuce recording JFR events, and Boot warming up
    // Jackson, Tomcat and validation on a background thread.
    System.setProperty("io.lettuce.core.jfr", "false");
    System.setProperty("spring.backgroundpreinitializer.ignore", "true");
    var app = new SpringApplication(CommandContext.class);
    app.setDefaultProperties(new HashMap<>(servers));
    app.setRegisterShutdownHook(false);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setAdditionalProfiles("cli");
    app.setLogStartupInfo(false);
    app.setLazyInitialization(true);
    return app.run();
  }

  /** Blocks until SIGTERM/SIGINT, then stops the context before the servers under it. */
  static int awaitShutdown(ConfigurableApplicationContext context, Infrastructure infrastructure) {
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    context.close();
                  } finally {
                    infrastructure.close();
                    stopped.countDown();
                  }
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
