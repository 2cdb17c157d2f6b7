package dev.allegro.cli;

import dev.allegro.auth.AccessTokens;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "token:revoke", description = "Revoke a token by its id (the part before '|').")
final class TokenRevokeCommand implements Callable<Integer> {

  @ParentCommand private AllegroCommand root;
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID")
  private long id;

  @Override
  public Integer call() {
    if (!root.bean(AccessTokens.class).revoke(id)) {
      throw new IllegalArgumentException("No token with id " + id);
    }
    spec.commandLine().getOut().println("Token " + id + " revoked.");
    return 0;
  }
}
