package dev.allegro.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "serve",
    description = "Run the platform with the roles in ALLEGRO_ROLES (default: all). The default.")
final class ServeCommand implements Callable<Integer>, NodeCommand {

  @ParentCommand private AllegroCommand root;

  @Override
  public Integer call() {
    return root.platform().serve();
  }
}
