package dev.allegro.jobs;

import java.util.List;
import java.util.regex.Pattern;

/** The queue names of the seed, highest priority first. */
public final class Queues {

  public static final String HIGH = "high";
  public static final String DEFAULT = "default";
  public static final String AUDIENCE_SYNC = "audience-sync";

  public static final List<String> BY_PRIORITY = List.of(HIGH, DEFAULT, AUDIENCE_SYNC);

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  private Queues() {}

  /**
   * @throws IllegalArgumentException when {@code name} could break a Redis key or hash tag
   */
  public static String requireValid(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "queue: '" + name + "' is not a queue name (lowercase letters, digits, - _ .)");
    }
    return name;
  }
}
