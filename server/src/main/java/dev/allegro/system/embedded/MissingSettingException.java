package dev.allegro.system.embedded;

/** A required setting is absent and the embedded fallback is forbidden. */
public final class MissingSettingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  MissingSettingException(String message) {
    super(message);
  }
}
