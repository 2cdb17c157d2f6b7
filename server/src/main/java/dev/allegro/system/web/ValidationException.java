package dev.allegro.system.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** 422 with Laravel's body: {@code {"message": ..., "errors": {"field": ["..."]}}}. */
public final class ValidationException extends ApiException {

  private static final long serialVersionUID = 1L;

  private final Map<String, List<String>> errors;

  ValidationException(Map<String, List<String>> errors) {
    super(HttpStatus.UNPROCESSABLE_CONTENT, summary(errors));
    this.errors = Map.copyOf(errors);
  }

  public static ValidationException of(String field, String message) {
    return new ValidationException(Map.of(field, List.of(message)));
  }

  public Map<String, List<String>> errors() {
    return errors;
  }

  @Override
  public Map<String, Object> body() {
    var body = super.body();
    body.put("errors", errors);
    return body;
  }

  private static String summary(Map<String, List<String>> errors) {
    int total = errors.values().stream().mapToInt(List::size).sum();
    String first = errors.values().iterator().next().getFirst();
    if (total == 1) {
      return first;
    }
    int more = total - 1;
    return first + " (and " + more + " more error" + (more == 1 ? "" : "s") + ")";
  }
}
