package dev.allegro.client;

import java.io.IOException;

/** The server answered with a status the client did not expect. */
public final class AllegroHttpException extends IOException {

  private final int status;
  private final String body;

  /**
   * @param method the request's method
   * @param path the request's path and query
   * @param status the response's status
   * @param body the response's body, possibly empty
   */
  public AllegroHttpException(String method, String path, int status, String body) {
    super(method + " " + path + " answered " + status + (body.isEmpty() ? "" : ": " + body));
    this.status = status;
    this.body = body;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The response body (JSON with {@code message} for Allegro's errors). */
  public String body() {
    return body;
  }
}
