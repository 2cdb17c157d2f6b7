package dev.allegro.tracking.internal;

import dev.allegro.system.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an ingestion body whatever its content type (the SDK's beacons send {@code text/plain}),
 * refusing more than 512 KB without reading further.
 */
final class RequestBodies {

  static final int MAX_BYTES = 512 * 1024;

  private RequestBodies() {}

  /** A parsed body and its size in bytes. */
  record Body(JsonNode node, int bytes) {}

  static Body json(HttpServletRequest request, JsonMapper json) throws IOException {
    if (request.getContentLengthLong() > MAX_BYTES) {
      throw tooLarge();
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BYTES + 1);
    }
    if (body.length > MAX_BYTES) {
      throw tooLarge();
    }
    try {
      JsonNode node = json.readTree(body);
      if (node == null || !node.isObject()) {
        throw new ApiException(HttpStatus.BAD_REQUEST, "The request body must be a JSON object.");
      }
      return new Body(node, body.length);
    } catch (JacksonException e) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "The request body is not valid JSON.");
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(
        HttpStatus.CONTENT_TOO_LARGE, "The request body must not be larger than 512 KB.");
  }
}
