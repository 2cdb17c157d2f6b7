package dev.allegro.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP calls to the application under test, with the Host header chosen per request. Every
 * answer of the API's port is checked against {@code docs/openapi.yaml} ({@link ApiContract}): an
 * answer the document does not describe fails the test that received it.
 */
@TestComponent
public class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String API_PORT = "local.server.port";

  private final Environment environment;

  public Http(Environment environment) {
    this.environment = environment;
  }

  public Call get(String path) {
    return new Call("GET", path);
  }

  public Call post(String path) {
    return new Call("POST", path);
  }

  public Call patch(String path) {
    return new Call("PATCH", path);
  }

  public Call put(String path) {
    return new Call("PUT", path);
  }

  public Call delete(String path) {
    return new Call("DELETE", path);
  }

  public Call options(String path) {
    return new Call("OPTIONS", path);
  }

  /**
   * A GET to the management port ({@code /actuator/...}), on the loopback address, accepting what a
   * Prometheus scrape does.
   */
  public Call management(String path) {
    return new Call("GET", path, "local.management.port").header("Accept", "text/plain, */*");
  }

  public static JsonNode json(String body) {
    return JSON.readTree(body);
  }

  public final class Call {
    private final String method;
    private final String path;
    private final String portProperty;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body;

    private Call(String method, String path) {
      this(method, path, API_PORT);
    }

    private Call(String method, String path, String portProperty) {
      this.method = method;
      this.path = path;
      this.portProperty = portProperty;
      headers.put("Host", "localhost");
      headers.put("Accept", "application/json");
    }

    public Call host(String host) {
      headers.put("Host", host);
      return this;
    }

    public Call bearer(String token) {
      return header("Authorization", "Bearer " + token);
    }

    public Call header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Call json(String json) {
      this.body = json;
      headers.put("Content-Type", "application/json");
      return this;
    }

    /** A body sent without any Content-Type. */
    public Call body(String body) {
      this.body = body;
      headers.remove("Content-Type");
      return this;
    }

    public Response send() {
      String port = environment.getRequiredProperty(portProperty);
      var request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(30))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(request::header);
      try {
        var sent = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        var response = new Response(sent.statusCode(), sent.body(), sent.headers().map());
        if (portProperty.equals(API_PORT)) {
          ApiContract.get().check(method, path, response);
        }
        return response;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** A response: status, raw body, headers, and the body as JSON. */
  public record Response(int status, String body, Map<String, java.util.List<String>> headers) {

    public JsonNode json() {
      return Http.json(body);
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }
}
