package dev.allegro.cli;

import dev.allegro.audience.AudienceSync;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code audience:sync}: starts the audience sync runs now, as the scheduler's tick does; the
 * workers then run their jobs on {@code audience-sync}.
 */
@Command(
    name = "audience:sync",
    description =
        "Start audience sync runs now: one per tenant and provider, one job per member due.")
final class AudienceSyncCommand implements Callable<Integer> {

  @ParentCommand private AllegroCommand root;
  @Spec private CommandSpec spec;

  @Option(names = "--tenant", paramLabel = "SLUG", description = "Only this tenant.")
  String tenant;

  @Override
  public Integer call() {
    var table = new Table("TENANT", "PROVIDER", "OUTCOME", "MEMBERS", "RUN");
    for (var outcome : root.bean(AudienceSync.class).runNow(tenant)) {
      table.row(
          outcome.tenant(),
          outcome.provider(),
          outcome.outcome(),
          Integer.toString(outcome.members()),
          outcome.run() == null ? "" : outcome.run().toString());
    }
    table.print(spec.commandLine().getOut());
    return 0;
  }
}
