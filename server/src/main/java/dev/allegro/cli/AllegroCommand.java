package dev.allegro.cli;

import picocli.CommandLine.Command;

/** {@code java -jar allegro.jar COMMAND}. */
@Command(
    name = "allegro",
    mixinStandardHelpOptions = true,
    description = "Allegro: multi-tenant event tracking, event queues and background jobs.",
    subcommands = {
      ServeCommand.class,
      MigrateCommand.class,
      TenantCreateCommand.class,
      TenantListCommand.class,
      UserCreateCommand.class,
      TokenCreateCommand.class,
      TokenRevokeCommand.class,
      FeatureCommands.Activate.class,
      FeatureCommands.Deactivate.class,
      FeatureCommands.List.class,
      HorizonCommands.Run.class,
      HorizonCommands.Schedule.class,
      HorizonCommands.Pause.class,
      HorizonCommands.Continue.class,
      HorizonCommands.Terminate.class,
      HorizonCommands.Status.class,
      HorizonCommands.Snapshot.class,
      QueueCommands.DispatchJobs.class,
      QueueCommands.Monitor.class,
      QueueCommands.JobsList.class,
      FailedJobCommands.List.class,
      FailedJobCommands.Retry.class,
      FailedJobCommands.Forget.class,
      FailedJobCommands.Flush.class,
    })
public final class AllegroCommand {

  private final PlatformAccess platform;

  public AllegroCommand(PlatformAccess platform) {
    this.platform = platform;
  }

  <T> T bean(Class<T> type) {
    return platform.bean(type);
  }

  PlatformAccess platform() {
    return platform;
  }
}
