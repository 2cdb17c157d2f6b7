package dev.allegro.cli;

import dev.allegro.auth.Users;
import dev.allegro.tenancy.Tenants;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.transaction.support.TransactionTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "user:create", description = "Create a user; prints its id.")
final class UserCreateCommand implements Callable<Integer> {

  @ParentCommand private AllegroCommand root;
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "EMAIL")
  private String email;

  @Option(names = "--name", paramLabel = "N", description = "Defaults to the email's local part.")
  private String name;

  @Option(names = "--super-admin", description = "May view every tenant and the landlord API.")
  private boolean superAdmin;

  @Option(
      names = "--tenant",
      paramLabel = "SLUG",
      description = "Make the user a member of this tenant; repeatable.")
  private List<String> tenants = List.of();

  @Override
  public Integer call() {
    var allTenants = root.bean(Tenants.class);
    var memberOf = tenants.stream().map(allTenants::require).toList();
    var users = root.bean(Users.class);
    var user =
        root.bean(TransactionTemplate.class)
            .execute(
                tx -> {
                  var created = users.create(email, name, superAdmin);
                  memberOf.forEach(t -> users.addMember(created.id(), t.id(), "member"));
                  return created;
                });
    spec.commandLine().getOut().println(user.id().value());
    return 0;
  }
}
