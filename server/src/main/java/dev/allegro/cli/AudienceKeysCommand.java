package dev.allegro.cli;

import dev.allegro.audience.SigningKeyRotation;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.Tenants;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "audience:rotate-keys",
    description =
        "Replace the key that signs members' JWTs now (the old key stays published until its"
            + " tokens expire); prints each tenant's new key id.")
final class AudienceKeysCommand implements Callable<Integer> {

  @ParentCommand private AllegroCommand root;
  @Spec private CommandSpec spec;

  @Option(
      names = "--tenant",
      paramLabel = "SLUG",
      description = "Only this tenant (id or slug); default: every tenant.")
  private String tenant;

  @Override
  public Integer call() {
    var tenants = root.bean(Tenants.class);
    var rotation = root.bean(SigningKeyRotation.class);
    List<Tenant> chosen = tenant == null ? tenants.all() : List.of(tenants.require(tenant));
    for (Tenant t : chosen) {
      spec.commandLine().getOut().println(t.slug() + "\t" + rotation.rotate(t.id()));
    }
    return 0;
  }
}
