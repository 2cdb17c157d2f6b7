package dev.allegro.cli;

import java.util.concurrent.Callable;
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
    // Migrations needs only the DataSource: a command's context brings the schema up to date
    // before the first bean that queries it, and this command makes none, so what it reports is
    // everything this process applied.
    var result = root.bean(Migrations.class).migrate();
    int applied = result.applied();
    spec.commandLine()
        .getOut()
        .printf(
            "Database schema at version %s (%d migration%s applied now).%n",
            result.version(), applied, applied == 1 ? "" : "s");
    return 0;
  }
}
