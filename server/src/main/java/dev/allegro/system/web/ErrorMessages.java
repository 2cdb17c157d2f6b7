package dev.allegro.system.web;

import org.springframework.http.HttpStatus;

/** The message of an error answered by status alone, where nothing more specific is known. */
final class ErrorMessages {

  private ErrorMessages() {}

  /** {@code "Not Found."}, {@code "Bad Request."}; every 5xx is {@code "Server Error"}. */
  static String of(HttpStatus status) {
    return status.is5xxServerError() ? "Server Error" : status.getReasonPhrase() + ".";
  }

  static String of(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    if (known != null) {
      return of(known);
    }
    return status >= 500 ? "Server Error" : "Request refused.";
  }
}
