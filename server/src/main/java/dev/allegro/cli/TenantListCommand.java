package dev.allegro.cli;

import dev.allegro.tenancy.Tenants;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "tenant:list", description = "List tenants: id, slug, name, domains.")
final class TenantListCommand implements Callable<Integer> {

  @ParentCommand private AllegroCommand root;
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    var table = new Table("ID", "SLUG", "NAME", "DOMAINS");
    for (var tenant : root.bean(Tenants.class).all()) {
      table.row(
          Long.toString(tenant.id().value()),
          tenant.slug(),
          tenant.name(),
          String.join(",", tenant.domains()));
    }
    table.print(spec.commandLine().getOut());
    return 0;
  }
}
