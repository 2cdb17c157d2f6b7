package dev.allegro.cli;

import dev.allegro.features.FeatureFlag;
import dev.allegro.features.FeatureFlags;
import dev.allegro.tenancy.Tenants;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code feature:activate}, {@code feature:deactivate} and {@code feature:list}. */
final class FeatureCommands {

  private FeatureCommands() {}

  static final class Target {
    @Option(names = "--tenant", required = true, paramLabel = "SLUG")
    String tenant;

    @Option(names = "--all", required = true, description = "Every tenant that exists now.")
    boolean all;
  }

  abstract static class Switch implements Callable<Integer> {

    @ParentCommand AllegroCommand root;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "UseRedisEvents, SdkHeartbeat")
    String name;

    @ArgGroup(multiplicity = "1")
    Target target;

    abstract boolean active();

    @Override
    public Integer call() {
      FeatureFlag flag =
          FeatureFlag.named(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "Unknown feature '" + name + "'; known: " + String.join(", ", names())));
      var flags = root.bean(FeatureFlags.class);
      var out = spec.commandLine().getOut();
      String verb = active() ? "activated" : "deactivated";
      if (target.all) {
        int count = flags.setForAll(flag, active());
        out.printf("%s %s for all %d tenants.%n", flag.featureName(), verb, count);
      } else {
        var tenant = root.bean(Tenants.class).require(target.tenant);
        flags.set(flag, tenant.id(), active());
        out.printf("%s %s for %s.%n", flag.featureName(), verb, tenant.slug());
      }
      return 0;
    }
  }

  @Command(name = "feature:activate", description = "Activate a feature for a tenant or all.")
  static final class Activate extends Switch {
    @Override
    boolean active() {
      return true;
    }
  }

  @Command(name = "feature:deactivate", description = "Deactivate a feature for a tenant or all.")
  static final class Deactivate extends Switch {
    @Override
    boolean active() {
      return false;
    }
  }

  @Command(name = "feature:list", description = "Each tenant's value of every feature.")
  static final class List implements Callable<Integer> {

    @ParentCommand AllegroCommand root;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      String[] header = new String[FeatureFlag.values().length + 1];
      header[0] = "TENANT";
      System.arraycopy(names(), 0, header, 1, FeatureFlag.values().length);
      var table = new Table(header);
      var flags = root.bean(FeatureFlags.class);
      for (var tenant : root.bean(Tenants.class).all()) {
        var values = flags.valuesFor(tenant.id());
        String[] row = new String[header.length];
        row[0] = tenant.slug();
        for (FeatureFlag flag : FeatureFlag.values()) {
          row[flag.ordinal() + 1] = values.get(flag) ? "active" : "inactive";
        }
        table.row(row);
      }
      table.print(spec.commandLine().getOut());
      return 0;
    }
  }

  private static String[] names() {
    return Arrays.stream(FeatureFlag.values()).map(FeatureFlag::featureName).toArray(String[]::new);
  }
}
