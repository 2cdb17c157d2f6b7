package dev.allegro.cli;

import dev.allegro.auth.Abilities;
import dev.allegro.system.Durations;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values parsed by picocli, so that a bad one is a usage error (exit 2, the option named)
 * rather than a refusal after the platform started.
 */
final class OptionValues {

  private OptionValues() {}

  /** {@code 90s}, {@code 15m}, {@code 12h}, {@code 30d}, {@code 2w}, ISO {@code PT1H}. */
  static final class DurationValue implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parse(value, Durations::parse);
    }
  }

  /** Comma-separated abilities, e.g. {@code events:read,events:delete}. */
  static final class AbilitiesValue implements ITypeConverter<Abilities> {
    @Override
    public Abilities convert(String value) {
      return parse(value, Abilities::parse);
    }
  }

  private static <T> T parse(String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
