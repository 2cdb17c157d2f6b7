package dev.allegro.cli;

import dev.allegro.auth.Abilities;
import dev.allegro.auth.AccessTokens;
import dev.allegro.auth.Users;
import java.time.Clock;
import java.time.Duration;
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

  @Option(
      names = "--name",
      required = true,
      paramLabel = "N",
      description = "What the token is for, as the token list shows it.")
  private String name;

  @Option(
      names = "--abilities",
      paramLabel = "a,b",
      defaultValue = "*",
      converter = OptionValues.AbilitiesValue.class,
      description = "Comma-separated, e.g. events:read,events:delete (default: *).")
  private Abilities abilities;

  @Option(
      names = "--expires",
      paramLabel = "DURATION",
      converter = OptionValues.DurationValue.class,
      description = "e.g. 90s, 15m, 12h, 30d, 2w, PT1H (default: never).")
  private Duration expires;

  @Override
  public Integer call() {
    var expiresAt = expires == null ? null : root.bean(Clock.class).instant().plus(expires);
    var user =
        root.bean(Users.class)
            .findByEmail(email)
            .orElseThrow(() -> new IllegalArgumentException("No user with email '" + email + "'"));
    var token = root.bean(AccessTokens.class).create(user.id(), name, abilities, expiresAt);
    spec.commandLine().getOut().println(token.plainText());
    return 0;
  }
}
