package dev.allegro.cli;

import dev.allegro.system.AllegroProperties.Role;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "serve",
    description = "Run the platform with the roles in ALLEGRO_ROLES (default: all). The default.")
final class ServeCommand implements Callable<Integer> {

  @ParentCommand private AllegroCommand root;

  @Override
  public Integer call() {
    return root.platform().run(Role.parse(System.getenv("ALLEGRO_ROLES")));
  }
}
