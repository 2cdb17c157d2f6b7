package dev.allegro.system.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects validation errors by field, in the order found, then throws them as one 422. */
public final class FieldErrors {

  private final Map<String, List<String>> errors = new LinkedHashMap<>();

  public FieldErrors add(String field, String message) {
    errors.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
    return this;
  }

  public boolean has(String field) {
    return errors.containsKey(field);
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
  }
}
