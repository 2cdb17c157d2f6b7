package dev.allegro.cli;

import dev.allegro.system.AllegroProperties.Role;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.springframework.context.ApplicationContext;

/** Runs CLI commands in-process against a test's running context, capturing their output. */
final class CliRunner {

  record Run(int exitCode, String out, String err) {}

  private final ApplicationContext context;

  CliRunner(ApplicationContext context) {
    this.context = context;
  }

  Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var platform =
        new NoPlatform() {
          @Override
          public <T> T bean(Class<T> type) {
            return context.getBean(type);
          }
        };
    int code =
        Launcher.commandLine(platform)
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A platform that cannot start: for looking at the commands themselves. */
  static class NoPlatform implements PlatformAccess {
    @Override
    public <T> T bean(Class<T> type) {
      throw new UnsupportedOperationException("no platform here");
    }

    @Override
    public int serve() {
      throw new UnsupportedOperationException("the test's context is already running");
    }

    @Override
    public int run(Set<Role> roles) {
      throw new UnsupportedOperationException("the test's context is already running");
    }
  }
}
