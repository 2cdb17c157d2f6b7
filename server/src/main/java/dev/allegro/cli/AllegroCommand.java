package dev.allegro.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ScopeType;

/** {@code java -jar allegro.jar COMMAND}. */
@Command(
    name = "allegro",
    mixinStandardHelpOptions = true,
    // every subcommand takes --help (-h) and --version (-V) too
    scope = ScopeType.INHERIT,
    versionProvider = AllegroCommand.Version.class,
    description = "Allegro: multi-tenant event tracking, event queues and background jobs.",
    subcommands = {
      ServeCommand.class,
      MigrateCommand.class,
      TenantCreateCommand.class,
      TenantListCommand.class,
      UserCreateCommand.class,
      TokenCreateCommand.class,
      TokenRevokeCommand.class,
      AppCommands.Create.class,
      AppCommands.List.class,
      AppCommands.Token.class,
      AppCommands.Install.class,
      AppCommands.Uninstall.class,
      FeatureCommands.Activate.class,
      FeatureCommands.Deactivate.class,
      FeatureCommands.List.class,
      HorizonCommands.Run.class,
      HorizonCommands.Schedule.class,
      HorizonCommands.Pause.class,
      HorizonCommands.Continue.class,
      HorizonCommands.Terminate.class,
      HorizonCommands.Status.class,
      HorizonCommands.Config.class,
      HorizonCommands.Snapshot.class,
      QueueCommands.DispatchJobs.class,
      QueueCommands.Monitor.class,
      QueueCommands.JobsList.class,
      FailedJobCommands.List.class,
      FailedJobCommands.Retry.class,
      FailedJobCommands.Forget.class,
      FailedJobCommands.Flush.class,
      WarmUpCommand.class,
      PrepareCommand.class,
      AudienceSyncCommand.class,
      AudienceKeysCommand.class,
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

  /** The jar's version, from its manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = AllegroCommand.class.getPackage().getImplementationVersion();
      return new String[] {"allegro " + (version == null ? "(development build)" : version)};
    }
  }
}
