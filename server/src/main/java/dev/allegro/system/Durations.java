package dev.allegro.system;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parses the durations operators type: {@code 90s}, {@code 15m}, {@code 12h}, {@code 30d}. */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

  private Durations() {}

  /**
   * @throws IllegalArgumentException naming the accepted forms when {@code text} is not one
   */
  public static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    var matcher = SHORT.matcher(value);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> Duration.ofDays(amount * 7);
      };
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; use e.g. 90s, 15m, 12h, 30d, 2w or PT1H");
    }
  }
}
