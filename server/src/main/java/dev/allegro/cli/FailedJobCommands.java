package dev.allegro.cli;

import dev.allegro.jobs.FailedJobs;
import dev.allegro.jobs.JobId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Laravel's failed-job commands over {@code failed_jobs}. */
final class FailedJobCommands {

  private FailedJobCommands() {}

  @Command(name = "queue:failed", description = "Failed jobs, newest first.")
  static final class List implements Callable<Integer> {
    @ParentCommand private AllegroCommand root;
    @Spec private CommandSpec spec;

    @Option(
        names = "--limit",
        defaultValue = "100",
        paramLabel = "N",
        description = "At most this many (default: 100).")
    private int limit;

    @Override
    public Integer call() {
      var table = new Table("UUID", "CONNECTION", "QUEUE", "FAILED_AT", "EXCEPTION");
      for (var failed : root.bean(FailedJobs.class).list(Math.max(1, limit))) {
        table.row(
            failed.uuid().toString(),
            failed.connection(),
            failed.queue(),
            failed.failedAt().toString(),
            failed.exception().lines().findFirst().orElse(""));
      }
      table.print(spec.commandLine().getOut());
      return 0;
    }
  }

  @Command(name = "queue:retry", description = "Queue failed jobs again: a uuid, or all.")
  static final class Retry implements Callable<Integer> {
    @ParentCommand private AllegroCommand root;
    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "ID|all", arity = "1..*")
    private java.util.List<String> ids;

    @Override
    public Integer call() {
      var failedJobs = root.bean(FailedJobs.class);
      var out = spec.commandLine().getOut();
      if (ids.size() == 1 && ids.getFirst().equals("all")) {
        failedJobs.retryAll().forEach(out::println);
        return 0;
      }
      for (String id : ids) {
        out.println(failedJobs.retry(JobId.parse(id)));
      }
      return 0;
    }
  }

  @Command(name = "queue:forget", description = "Delete one failed job.")
  static final class Forget implements Callable<Integer> {
    @ParentCommand private AllegroCommand root;
    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "ID")
    private String id;

    @Override
    public Integer call() {
      root.bean(FailedJobs.class).forget(JobId.parse(id));
      spec.commandLine().getOut().println("Failed job deleted.");
      return 0;
    }
  }

  @Command(name = "queue:flush", description = "Delete every failed job.")
  static final class Flush implements Callable<Integer> {
    @ParentCommand private AllegroCommand root;
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      int deleted = root.bean(FailedJobs.class).flush();
      spec.commandLine().getOut().println(deleted + " failed jobs deleted.");
      return 0;
    }
  }
}
