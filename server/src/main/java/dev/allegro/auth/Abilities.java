package dev.allegro.auth;

import java.util.List;
import java.util.regex.Pattern;

/** What a token may do, as Sanctum keeps it: {@code ["*"]} or a list like {@code events:read}. */
public record Abilities(List<String> values) {

  private static final Pattern ABILITY = Pattern.compile("\\*|[a-z0-9_-]+(:[a-z0-9_*-]+)*");

  /** Every ability: what a token gets by default. */
  public static final Abilities ALL = new Abilities(List.of("*"));

  public Abilities {
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("A token needs at least one ability");
    }
    for (String value : values) {
      if (!ABILITY.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "'" + value + "' is not an ability; use '*' or names like events:read");
      }
    }
  }

  /** Parses a comma-separated list such as {@code events:read,events:delete}. */
  public static Abilities parse(String commaSeparated) {
    return new Abilities(
        java.util.Arrays.stream(commaSeparated.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList());
  }

  public boolean allows(String ability) {
    return values.contains("*") || values.contains(ability);
  }
}
