package dev.allegro.apidocs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The OpenAPI document the build copies from {@code docs/openapi.yaml} into the jar, read once on
 * first use (a CLI command never pays for it) and served with the server it is fetched from.
 */
@Component
class ApiDocument {

  /** Where the build puts {@code docs/openapi.yaml} on the class path. */
  static final String RESOURCE = "apidocs/openapi.yaml";

  private final JsonMapper json;
  private volatile ObjectNode document;

  ApiDocument(JsonMapper json) {
    this.json = json;
  }

  /**
   * The document as JSON, its {@code servers} naming only {@code origin}: a client generated from
   * it, or Swagger UI's "Try it out", then talks to the host it was read from.
   */
  byte[] servedAt(String origin) {
    ObjectNode served = json.createObjectNode();
    ObjectNode server = json.createObjectNode().put("url", origin);
    // The same members in the same order; only servers is this request's. The members are shared
    // with the cached document, which nothing ever changes.
    document()
        .properties()
        .forEach(
            member ->
                served.set(
                    member.getKey(),
                    member.getKey().equals("servers")
                        ? json.createArrayNode().add(server)
                        : member.getValue()));
    return json.writeValueAsBytes(served);
  }

  private ObjectNode document() {
    ObjectNode read = document;
    if (read == null) {
      synchronized (this) {
        if (document == null) {
          document = read();
        }
        read = document;
      }
    }
    return read;
  }

  private static ObjectNode read() {
    try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
      JsonNode node = new YAMLMapper().readTree(in);
      if (!(node instanceof ObjectNode object) || !object.has("servers")) {
        throw new IllegalStateException(RESOURCE + " is no OpenAPI document with servers");
      }
      return object;
    } catch (IOException e) {
      throw new UncheckedIOException("The jar holds no " + RESOURCE, e);
    }
  }
}
