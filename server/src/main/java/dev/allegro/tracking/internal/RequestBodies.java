package dev.allegro.tracking.internal;

import dev.allegro.system.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an ingestion body: JSON sent as {@code application/json} (or any {@code +json} type), as
 * {@code text/plain} (the SDK's beacons, which a browser sends without a preflight) or with no
 * Content-Type at all (a beacon of an untyped Blob). Anything else is 415; more than 512 KB is 413,
 * found without reading further.
 */
final class RequestBodies {

  static final int MAX_BYTES = 512 * 1024;

  private RequestBodies() {}

  /** A parsed body and its size in bytes. */
  record Body(JsonNode node, int bytes) {}

  static Body json(HttpServletRequest request, JsonMapper json) throws IOException {
    if (!acceptable(request.getContentType())) {
      throw new ApiException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "Content type "
              + request.getContentType()
              + " is not supported; send application/json or text/plain.");
    }
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

  private static boolean acceptable(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    MediaType type;
    try {
      type = MediaType.parseMediaType(contentType);
    } catch (InvalidMediaTypeException e) {
      return false;
    }
    return type.isCompatibleWith(MediaType.TEXT_PLAIN)
        || (type.getType().equals("application")
            && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")));
  }

  private static ApiException tooLarge() {
    return new ApiException(
        HttpStatus.CONTENT_TOO_LARGE, "The request body must not be larger than 512 KB.");
  }
}
