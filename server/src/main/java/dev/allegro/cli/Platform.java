package dev.allegro.cli;

import static java.util.stream.Collectors.joining;

import dev.allegro.jobs.HorizonTerminated;
import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.embedded.Infrastructure;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ApplicationListener;
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

  /**
   * Blocks until SIGTERM/SIGINT, then stops the context before the servers under it. A node that
   * runs only the worker role also stops once {@code horizon:terminate} has drained its supervisor,
   * as {@code php artisan horizon} exits for its process manager to start it again.
   */
  static int awaitShutdown(
      ConfigurableApplicationContext context, Infrastructure infrastructure, Set<Role> roles) {
    var stopped = new CountDownLatch(1);
    var once = new AtomicBoolean();
    Runnable stop =
        () -> {
          if (!once.compareAndSet(false, true)) {
            return;
          }
          try {
            context.close();
          } finally {
            infrastructure.close();
            stopped.countDown();
          }
        };
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "allegro-shutdown"));
    if (roles.equals(EnumSet.of(Role.WORKER))) {
      context.addApplicationListener(
          ApplicationListener.forPayload(
              (HorizonTerminated terminated) ->
                  Thread.ofPlatform().name("allegro-terminated").start(stop)));
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
