package dev.allegro.cli;

import dev.allegro.system.embedded.MissingSettingException;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.ValidationException;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The jar's entry point: {@code serve} (the default) runs the platform until it is stopped; every
 * other command runs once in a small context without web server, workers or scheduler.
 */
public final class Launcher {

  private Launcher() {}

  /**
   * @param application the Spring Boot application class that {@code serve}, {@code horizon} and
   *     {@code schedule} start
   */
  public static void launch(Class<?> application, String[] args) {
    String[] command = args.length == 0 ? new String[] {"serve"} : args;
    LaunchSettings settings;
    try {
      settings = LaunchSettings.from(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    var cache =
        settings.startupCache() && !StartupCache.relaunched() && isOneShot(command[0])
            ? StartupCache.forRunningJar()
            : Optional.<StartupCache>empty();
    if (cache.isPresent() && cache.get().ready()) {
      var exitCode = cache.get().run(command);
      if (exitCode.isPresent()) {
        System.exit(exitCode.get());
      }
    }
    int exitCode;
    try (var platform = new CommandPlatform(application, settings)) {
      exitCode = commandLine(platform).execute(command);
    }
    cache.ifPresent(c -> new CachePreparation(c).startInBackground());
    System.exit(exitCode);
  }

  /**
   * A command that starts a context, runs once and exits: any listed command but the {@link
   * NodeCommand}s and the hidden ones. Decided from the annotations, before picocli builds its
   * model, since a relaunched command would build it again.
   */
  static boolean isOneShot(String name) {
    for (Class<?> type : AllegroCommand.class.getAnnotation(Command.class).subcommands()) {
      Command command = type.getAnnotation(Command.class);
      if (command.name().equals(name)) {
        return !command.hidden() && !NodeCommand.class.isAssignableFrom(type);
      }
    }
    return false;
  }

  /** The CLI over a platform that starts only when a command needs it. */
  static CommandLine commandLine(PlatformAccess platform) {
    return new CommandLine(new AllegroCommand(platform))
        .setExecutionExceptionHandler(new ErrorHandler());
  }

  /** Prints the cause in one line, not a stack trace, and exits 1. */
  private static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
      var err = commandLine.getErr();
      switch (e) {
        case ValidationException invalid ->
            invalid.errors().forEach((field, messages) -> messages.forEach(err::println));
        case MissingSettingException missing -> err.println(missing.getMessage());
        case IllegalArgumentException bad -> err.println(bad.getMessage());
        case ApiException api -> err.println(api.getMessage());
        default -> err.println(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      err.flush();
      return 1;
    }
  }
}
