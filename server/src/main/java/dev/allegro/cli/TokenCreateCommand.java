package dev.allegro.cli;

import dev.allegro.auth.Abilities;
import dev.allegro.auth.AccessTokens;
import dev.allegro.auth.Users;
import dev.allegro.system.Durations;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "token:create",
    description = "Create an API token for a user; prints only the token, once.")
final class TokenCreateCommand implements Callable<Integer> {

  @ParentCommand private AllegroCommand root;
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "EMAIL")
  private String email;

  @Option(names = "--name", required = true, paramLabel = "N")
  private String name;

  @Option(
      names = "--abilities",
      paramLabel = "a,b",
      defaultValue = "*",
      description = "Comma-separated, e.g. events:read,events:delete (default: *).")
  private String abilities;

  @Option(names = "--expires", paramLabel = "DURATION", description = "e.g. 30d, 12h, PT1H.")
  private String expires;

  @Override
  public Integer call() {
    Abilities parsed = Abilities.parse(abilities);
    var expiresAt =
        expires == null ? null : root.bean(Clock.class).instant().plus(Durations.parse(expires));
    var user =
        root.bean(Users.class)
            .findByEmail(email)
            .orElseThrow(() -> new IllegalArgumentException("No user with email '" + email + "'"));
    var token = root.bean(AccessTokens.class).create(user.id(), name, parsed, expiresAt);
    spec.commandLine().getOut().println(token.plainText());
    return 0;
  }
}
