package dev.allegro.system.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An error the client caused, with the status and message it is answered with. Thrown anywhere in
 * request handling; {@link ApiExceptionHandler} turns it into the one JSON error shape.
 */
public class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final HttpStatus status;

  public ApiException(HttpStatus status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public static ApiException notFound(String message) {
    return new ApiException(HttpStatus.NOT_FOUND, message);
  }

  public static ApiException unauthenticated() {
    return new ApiException(HttpStatus.UNAUTHORIZED, "Unauthenticated.");
  }

  public static ApiException forbidden() {
    return new ApiException(HttpStatus.FORBIDDEN, "This action is unauthorized.");
  }

  public static ApiException forbidden(String message) {
    return new ApiException(HttpStatus.FORBIDDEN, message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(HttpStatus.CONFLICT, message);
  }

  /** A backing service (PostgreSQL, Redis) did not answer; the client may try again. */
  public static ApiException unavailable() {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable: a backing service did not answer.");
  }

  public HttpStatus status() {
    return status;
  }

  /** Headers the answer carries besides the body, such as {@code Retry-After}. */
  public HttpHeaders headers() {
    return HttpHeaders.EMPTY;
  }

  public Map<String, Object> body() {
    var body = new LinkedHashMap<String, Object>();
    body.put("message", getMessage());
    return body;
  }
}
