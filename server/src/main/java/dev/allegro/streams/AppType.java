package dev.allegro.streams;

import java.util.Arrays;
import java.util.Optional;

/** Whether any tenant may install an app, or it belongs to one tenant. */
public enum AppType {
  PUBLIC("public"),
  IN_HOUSE("in-house");

  private final String value;

  AppType(String value) {
    this.value = value;
  }

  /** As the API and the CLI spell it: {@code public} or {@code in-house}. */
  public String value() {
    return value;
  }

  public static Optional<AppType> parse(String value) {
    return Arrays.stream(values()).filter(t -> t.value.equals(value)).findFirst();
  }
}
