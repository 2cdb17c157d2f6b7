package dev.allegro.cli;

import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "migrate", description = "Apply the database migrations that are not applied yet.")
final class MigrateCommand implements Callable<Integer> {

  @ParentCommand private AllegroCommand root;
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    Flyway flyway = root.bean(Flyway.class);
    int applied = flyway.migrate().migrationsExecuted;
    var current = flyway.info().current();
    spec.commandLine()
        .getOut()
        .printf(
            "Database schema at version %s (%d migration%s applied now).%n",
            current == null ? "none" : current.getVersion(), applied, applied == 1 ? "" : "s");
    return 0;
  }
}
