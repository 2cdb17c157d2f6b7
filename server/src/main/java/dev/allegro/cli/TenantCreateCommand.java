package dev.allegro.cli;

import dev.allegro.tenancy.NewTenant;
import dev.allegro.tenancy.Tenants;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "tenant:create", description = "Create a tenant; prints its id.")
final class TenantCreateCommand implements Callable<Integer> {

  @ParentCommand private AllegroCommand root;
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SLUG", description = "Lower-case letters, digits, '-'.")
  private String slug;

  @Option(names = "--name", required = true, paramLabel = "N", description = "Display name.")
  private String name;

  @Option(
      names = "--domain",
      required = true,
      arity = "1..*",
      paramLabel = "D",
      description = "Host the tenant is served on; repeatable.")
  private List<String> domains;

  @Override
  public Integer call() {
    var tenant = root.bean(Tenants.class).create(new NewTenant(slug, name, domains));
    spec.commandLine().getOut().println(tenant.id().value());
    return 0;
  }
}
