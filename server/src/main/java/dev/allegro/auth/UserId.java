package dev.allegro.auth;

/** A user's id. */
public record UserId(long value) {

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
