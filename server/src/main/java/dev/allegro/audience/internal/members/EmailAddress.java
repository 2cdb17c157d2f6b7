package dev.allegro.audience.internal.members;

import dev.allegro.system.web.FieldErrors;
import java.util.regex.Pattern;

/** A member's email address as the API accepts it: one {@code @}, a dotted domain, ≤ 254. */
public final class EmailAddress {

  public static final int MAX_LENGTH = 254;
  private static final Pattern SHAPE =
      Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}.]+(\\.[^@\\s\\p{Cntrl}.]+)+");

  private EmailAddress() {}

  /**
   * The trimmed address, or {@code null} with the reason added to {@code errors} under {@code
   * field}.
   *
   * @param required whether a missing address is an error
   */
  public static String valid(String email, String field, boolean required, FieldErrors errors) {
    if (email == null || email.isBlank()) {
      if (required) {
        errors.add(field, "The " + field + " field is required.");
      }
      return null;
    }
    String trimmed = email.trim();
    if (trimmed.length() > MAX_LENGTH) {
      errors.add(
          field, "The " + field + " field must not be greater than " + MAX_LENGTH + " characters.");
      return null;
    }
    if (!SHAPE.matcher(trimmed).matches()) {
      errors.add(field, "The " + field + " field must be a valid email address.");
      return null;
    }
    return trimmed;
  }
}
