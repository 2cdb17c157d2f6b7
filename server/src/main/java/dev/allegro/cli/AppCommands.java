package dev.allegro.cli;

import dev.allegro.auth.Abilities;
import dev.allegro.streams.Apps;
import dev.allegro.tenancy.Tenants;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code app:create}, {@code app:list}, {@code app:token}, {@code app:install} and {@code
 * app:uninstall}: the apps that read tenants' events through subscription queues.
 */
final class AppCommands {

  private AppCommands() {}

  @Command(name = "app:create", description = "Create an app; prints its id.")
  static final class Create implements Callable<Integer> {

    @ParentCommand AllegroCommand root;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = "--type",
        required = true,
        paramLabel = "public|in-house",
        description = "public: any tenant may install it; in-house: belongs to --tenant.")
    String type;

    @Option(
        names = "--tenant",
        paramLabel = "SLUG",
        description = "The tenant an in-house app belongs to.")
    String tenant;

    @Override
    public Integer call() {
      var app = root.bean(Apps.class).create(name, type, tenant);
      spec.commandLine().getOut().println(app.id());
      return 0;
    }
  }

  @Command(name = "app:list", description = "List apps: id, name, type, tenant, installs.")
  static final class List implements Callable<Integer> {

    @ParentCommand AllegroCommand root;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      var apps = root.bean(Apps.class);
      var tenants = root.bean(Tenants.class);
      var table = new Table("ID", "NAME", "TYPE", "TENANT", "INSTALLS");
      for (var app : apps.all()) {
        table.row(
            Long.toString(app.id()),
            app.name(),
            app.type().value(),
            app.tenant() == null ? "" : slug(tenants, app.tenant().toString()),
            apps.installs(app).stream()
                .map(t -> slug(tenants, t.toString()))
                .collect(Collectors.joining(",")));
      }
      table.print(spec.commandLine().getOut());
      return 0;
    }

    private static String slug(Tenants tenants, String id) {
      return tenants.find(id).map(t -> t.slug()).orElse(id);
    }
  }

  @Command(
      name = "app:token",
      description = "Create a token owned by an app; prints only the token, once.")
  static final class Token implements Callable<Integer> {

    @ParentCommand AllegroCommand root;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP", description = "The app's id or name.")
    String app;

    @Option(names = "--name", required = true, paramLabel = "N", description = "What it is for.")
    String name;

    @Option(
        names = "--abilities",
        paramLabel = "a,b",
        defaultValue = "queues:manage,queues:pull",
        converter = OptionValues.AbilitiesValue.class,
        description = "Comma-separated (default: queues:manage,queues:pull).")
    Abilities abilities;

    @Override
    public Integer call() {
      var apps = root.bean(Apps.class);
      var token = apps.token(apps.require(app), name, abilities);
      spec.commandLine().getOut().println(token.plainText());
      return 0;
    }
  }

  @Command(
      name = "app:install",
      description = "Install a public app for a tenant: it may subscribe to the tenant's events.")
  static final class Install implements Callable<Integer> {

    @ParentCommand AllegroCommand root;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP", description = "The app's id or name.")
    String app;

    @Option(names = "--tenant", required = true, paramLabel = "SLUG")
    String tenant;

    @Override
    public Integer call() {
      var apps = root.bean(Apps.class);
      boolean installed = apps.install(apps.require(app), root.bean(Tenants.class).require(tenant));
      spec.commandLine()
          .getOut()
          .println(
              installed
                  ? "Installed for " + tenant + "."
                  : "Already installed for " + tenant + ".");
      return 0;
    }
  }

  @Command(
      name = "app:uninstall",
      description =
          "Uninstall an app from a tenant: routing stops at once, its subscriptions deactivate.")
  static final class Uninstall implements Callable<Integer> {

    @ParentCommand AllegroCommand root;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP", description = "The app's id or name.")
    String app;

    @Option(names = "--tenant", required = true, paramLabel = "SLUG")
    String tenant;

    @Override
    public Integer call() {
      var apps = root.bean(Apps.class);
      boolean was = apps.uninstall(apps.require(app), root.bean(Tenants.class).require(tenant));
      spec.commandLine()
          .getOut()
          .println(
              was ? "Uninstalled from " + tenant + "." : "Was not installed for " + tenant + ".");
      return 0;
    }
  }
}
