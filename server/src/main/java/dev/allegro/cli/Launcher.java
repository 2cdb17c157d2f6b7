package dev.allegro.cli;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.embedded.Infrastructure;
import dev.allegro.system.embedded.MissingSettingException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * The jar's entry point: {@code serve} (the default) runs the platform until it is stopped; every
 * other command runs once in a quiet context without web server, workers or scheduler.
 */
public final class Launcher {

  private Launcher() {}

  /**
   * @param application the Spring Boot application class to start for commands that need it
   */
  public static void launch(Class<?> application, String[] args) {
    String[] command = args.length == 0 ? new String[] {"serve"} : args;
    var platform = new LazyPlatform(application, System.getenv(), dataDirectory());
    int exitCode;
    try {
      exitCode = commandLine(platform).execute(command);
    } finally {
      platform.close();
    }
    System.exit(exitCode);
  }

  /** The CLI over a platform that starts only when a command needs it. */
  static CommandLine commandLine(PlatformAccess platform) {
    return new CommandLine(new AllegroCommand(platform))
        .setExecutionExceptionHandler(new ErrorHandler());
  }

  static Path dataDirectory() {
    String configured = System.getenv("ALLEGRO_DATA_DIR");
    return Path.of(configured == null || configured.isBlank() ? "data" : configured);
  }

  /** Starts the embedded or configured servers and a Spring context on first use. */
  static final class LazyPlatform implements PlatformAccess, AutoCloseable {

    private final Class<?> application;
    private final Map<String, String> env;
    private final Path dataDirectory;
    private Infrastructure infrastructure;
    private org.springframework.context.ConfigurableApplicationContext context;

    LazyPlatform(Class<?> application, Map<String, String> env, Path dataDirectory) {
      this.application = application;
      this.env = env;
      this.dataDirectory = dataDirectory;
    }

    @Override
    public synchronized <T> T bean(Class<T> type) {
      if (context == null) {
        context = Platform.start(application, infrastructure(), Set.of(), true);
      }
      return context.getBean(type);
    }

    @Override
    public int run(Set<Role> roles) {
      var running = Platform.start(application, infrastructure(), roles, false);
      int exitCode = Platform.awaitShutdown(running, infrastructure);
      infrastructure = null; // closed by the shutdown hook, after the context
      return exitCode;
    }

    private synchronized Infrastructure infrastructure() {
      if (infrastructure == null) {
        infrastructure = Infrastructure.resolve(env, dataDirectory);
      }
      return infrastructure;
    }

    @Override
    public synchronized void close() {
      if (context != null) {
        context.close();
        context = null;
      }
      if (infrastructure != null) {
        infrastructure.close();
        infrastructure = null;
      }
    }
  }

  /** Prints the cause in one line, not a stack trace, and exits 1. */
  private static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
      var err = commandLine.getErr();
      switch (e) {
        case dev.allegro.system.web.ValidationException invalid ->
            invalid.errors().forEach((field, messages) -> messages.forEach(err::println));
        case MissingSettingException missing -> err.println(missing.getMessage());
        case IllegalArgumentException bad -> err.println(bad.getMessage());
        case dev.allegro.system.web.ApiException api -> err.println(api.getMessage());
        default -> {
          err.println(e.getClass().getSimpleName() + ": " + e.getMessage());
          return 1;
        }
      }
      return 1;
    }
  }
}
