package dev.allegro.cli;

import dev.allegro.jobs.HorizonConfig;
import dev.allegro.jobs.HorizonControl;
import dev.allegro.jobs.MetricsSnapshots;
import dev.allegro.system.AllegroProperties.Role;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Horizon's commands: run the workers or the scheduler, and control workers on every node. */
final class HorizonCommands {

  private HorizonCommands() {}

  @Command(name = "horizon", description = "Run only the worker role: the job supervisor.")
  static final class Run implements Callable<Integer>, NodeCommand {
    @ParentCommand private AllegroCommand root;

    @Override
    public Integer call() {
      return root.platform().run(Set.of(Role.WORKER));
    }
  }

  @Command(name = "schedule", description = "Run only the scheduler role (horizon:snapshot, ...).")
  static final class Schedule implements Callable<Integer>, NodeCommand {
    @ParentCommand private AllegroCommand root;

    @Override
    public Integer call() {
      return root.platform().run(Set.of(Role.SCHEDULER));
    }
  }

  @Command(name = "horizon:pause", description = "Workers on every node stop taking jobs.")
  static final class Pause implements Callable<Integer> {
    @ParentCommand private AllegroCommand root;
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      root.bean(HorizonControl.class).pause();
      spec.commandLine().getOut().println("Horizon paused.");
      return 0;
    }
  }

  @Command(name = "horizon:continue", description = "Paused workers take jobs again.")
  static final class Continue implements Callable<Integer> {
    @ParentCommand private AllegroCommand root;
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      root.bean(HorizonControl.class).resume();
      spec.commandLine().getOut().println("Horizon continues.");
      return 0;
    }
  }

  @Command(
      name = "horizon:terminate",
      description = "Every supervisor drains its workers and stops; `horizon` processes exit.")
  static final class Terminate implements Callable<Integer> {
    @ParentCommand private AllegroCommand root;
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      root.bean(HorizonControl.class).terminate();
      spec.commandLine().getOut().println("Terminating supervisors.");
      return 0;
    }
  }

  @Command(
      name = "horizon:status",
      description = "running, paused or inactive, then each live supervisor and its workers.")
  static final class Status implements Callable<Integer> {
    @ParentCommand private AllegroCommand root;
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      var control = root.bean(HorizonControl.class);
      var out = spec.commandLine().getOut();
      out.println("Horizon is " + control.status().label() + ".");
      var supervisors = control.supervisors();
      if (!supervisors.isEmpty()) {
        var table = new Table("SUPERVISOR", "STATUS", "BALANCE", "QUEUES", "WORKERS", "BUSY");
        for (var s : supervisors) {
          long busy = s.workers().stream().filter(w -> w.job() != null).count();
          table.row(
              s.name(),
              s.status().label(),
              s.balance(),
              String.join(",", s.queues()),
              Integer.toString(s.workers().size()),
              Long.toString(busy));
        }
        table.print(out);
      }
      return 0;
    }
  }

  @Command(
      name = "horizon:config",
      description =
          "Print the supervisor configuration in force (defaults and each environment's changes)"
              + " as YAML, for HORIZON_CONFIG.")
  static final class Config implements Callable<Integer> {
    @ParentCommand private AllegroCommand root;
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      out.print(root.bean(HorizonConfig.class).yaml());
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "horizon:snapshot",
      description = "Store a metrics snapshot of every queue and job type (the scheduler runs it).")
  static final class Snapshot implements Callable<Integer> {
    @ParentCommand private AllegroCommand root;
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      root.bean(MetricsSnapshots.class).take();
      spec.commandLine().getOut().println("Metrics snapshot stored.");
      return 0;
    }
  }
}
