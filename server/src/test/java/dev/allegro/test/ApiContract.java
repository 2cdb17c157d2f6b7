package dev.allegro.test;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code docs/openapi.yaml} as the oracle of every answer a test receives through {@link Http}: the
 * request's method and path find the operation; its status must be one the operation documents,
 * with the documented required headers, and its body must have the documented media type and
 * validate against that status's schema ({@code $ref}s resolved against the whole document, formats
 * asserted). A path the document does not know (a test-only controller, {@code /actuator}) is not
 * checked; that every production route is in the document is {@code OpenApiCoverageIT}'s job.
 */
public final class ApiContract {

  /** Where the build copies {@code docs/openapi.yaml} on the class path: what the server serves. */
  public static final String RESOURCE = "apidocs/openapi.yaml";

  private static final String IRI = "https://allegro.test/openapi.json";
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Pattern VARIABLE = Pattern.compile("\\{[^/}]+}");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static volatile ApiContract shared;

  private final JsonNode document;
  private final List<Template> templates;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
  private final Set<String> answered = ConcurrentHashMap.newKeySet();

  /** One operation of the document: {@code GET /api/platform/events}. */
  public record Operation(String method, String path, JsonNode node) {

    public String id() {
      return node.path("operationId").asString(method + " " + path);
    }

    @Override
    public String toString() {
      return method.toUpperCase(Locale.ROOT) + " " + path + " (" + id() + ")";
    }
  }

  private record Template(String path, Pattern pattern, int variables) {}

  private ApiContract(JsonNode document) {
    this.document = document;
    var list = new ArrayList<Template>();
    document
        .path("paths")
        .propertyNames()
        .forEach(path -> list.add(new Template(path, regex(path), variables(path))));
    // A literal segment wins over a variable, as in Spring's matching.
    list.sort(Comparator.comparingInt(Template::variables));
    this.templates = List.copyOf(list);
    this.registry =
        SchemaRegistry.withDialect(
            Dialects.getOpenApi31(),
            builder -> builder.schemas(Map.of(IRI, JSON.writeValueAsString(document))));
  }

  /** The document the server serves, checked by every test that calls it through {@link Http}. */
  public static ApiContract get() {
    ApiContract contract = shared;
    if (contract == null) {
      synchronized (ApiContract.class) {
        if (shared == null) {
          try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            shared = new ApiContract(read(in));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          Runtime.getRuntime().addShutdownHook(new Thread(shared::report));
        }
        contract = shared;
      }
    }
    return contract;
  }

  /** A contract of another document, e.g. one a test broke on purpose. */
  public static ApiContract of(JsonNode document) {
    return new ApiContract(document);
  }

  public static JsonNode read(InputStream yaml) {
    return new YAMLMapper().readTree(yaml);
  }

  public JsonNode document() {
    return document;
  }

  /** Every operation of the document. */
  public List<Operation> operations() {
    var operations = new ArrayList<Operation>();
    document
        .path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        member -> {
                          if (METHODS.contains(member.getKey())) {
                            operations.add(
                                new Operation(member.getKey(), path.getKey(), member.getValue()));
                          }
                        }));
    return operations;
  }

  /**
   * The operation a request is, by method and path template; empty when no path of the document
   * matches, or the matching path has no such method.
   */
  public Optional<Operation> operation(String method, String uri) {
    return template(uri)
        .flatMap(
            template -> {
              String name = method.toLowerCase(Locale.ROOT);
              JsonNode node = document.path("paths").path(template.path()).get(name);
              return Optional.ofNullable(node).map(n -> new Operation(name, template.path(), n));
            });
  }

  /** Fails, naming the operation, the status and what is wrong, unless the answer is documented. */
  public void check(String method, String uri, Http.Response response) {
    List<String> violations =
        violations(method, uri, response.status(), response.headers(), response.body());
    if (!violations.isEmpty()) {
      // A 10,000-item answer may break one rule 10,000 times: the first ones say enough.
      List<String> shown = violations.subList(0, Math.min(violations.size(), 10));
      throw new AssertionError(
          String.join("\n", shown)
              + (shown.size() < violations.size()
                  ? "\n(and " + (violations.size() - shown.size()) + " more)"
                  : "")
              + "\nThe answer's body: "
              + abbreviate(response.body())
              + "\nEither the server or docs/openapi.yaml is wrong.");
    }
  }

  /** What is wrong with an answer, by the document: empty when it is documented. */
  public List<String> violations(
      String method, String uri, int status, Map<String, List<String>> headers, String body) {
    Optional<Template> template = template(uri);
    if (template.isEmpty()) {
      return List.of();
    }
    String name = method.toLowerCase(Locale.ROOT);
    JsonNode operation = document.path("paths").path(template.get().path()).get(name);
    if (operation == null) {
      return undocumentedMethod(method, template.get().path(), status, headers, body);
    }
    var op = new Operation(name, template.get().path(), operation);
    String pointer = "/paths/" + escape(op.path()) + "/" + name + "/responses/" + status;
    JsonNode response = operation.path("responses").get(Integer.toString(status));
    if (response == null) {
      return List.of(
          op
              + " answered "
              + status
              + ", which it does not document; it documents "
              + operation.path("responses").propertyNames()
              + ".");
    }
    answered.add(op + " " + status);
    if (response.has("$ref")) {
      pointer = response.get("$ref").asString().substring(1);
      response = document.at(pointer);
    }
    return answer(op + " " + status, pointer, response, headers, body);
  }

  /**
   * A method a path does not list is answered 405 (or 404 on an unknown host), in the error shape.
   */
  private List<String> undocumentedMethod(
      String method, String path, int status, Map<String, List<String>> headers, String body) {
    if (method.equalsIgnoreCase("OPTIONS") || method.equalsIgnoreCase("HEAD")) {
      return List.of();
    }
    String what = method.toUpperCase(Locale.ROOT) + " " + path;
    if (status != 405 && status != 404) {
      return List.of(what + " is not in the document but answered " + status + ", not 405.");
    }
    return answer(
        what + " " + status,
        "/components/responses/MethodNotAllowed",
        document.at("/components/responses/MethodNotAllowed"),
        headers,
        body);
  }

  private List<String> answer(
      String what,
      String pointer,
      JsonNode response,
      Map<String, List<String>> headers,
      String body) {
    var violations = new ArrayList<String>();
    response
        .path("headers")
        .properties()
        .forEach(
            header -> {
              if (header.getValue().path("required").asBoolean(false)
                  && header(headers, header.getKey()) == null) {
                violations.add(what + " lacks its required header " + header.getKey() + ".");
              }
            });
    JsonNode content = response.get("content");
    boolean empty = body == null || body.isEmpty();
    if (content == null || content.isEmpty()) {
      if (!empty) {
        violations.add(what + " documents no body, but the answer has one.");
      }
      return violations;
    }
    String type = mediaType(header(headers, "Content-Type"));
    if (type == null || !content.has(type)) {
      violations.add(
          what
              + " answered with Content-Type "
              + type
              + "; the document has "
              + content.propertyNames()
              + ".");
      return violations;
    }
    if (empty) {
      violations.add(what + " documents a " + type + " body, but the answer has none.");
      return violations;
    }
    JsonNode schema = content.get(type).get("schema");
    if (schema != null && (type.equals("application/json") || type.endsWith("+json"))) {
      String location = pointer + "/content/" + escape(type) + "/schema";
      var errors =
          schema(location)
              .validate(
                  body,
                  InputFormat.JSON,
                  context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)));
      errors.forEach(error -> violations.add(what + " does not match its schema: " + error));
    }
    return violations;
  }

  /**
   * What is wrong with a JSON value by the schema at {@code pointer} (a JSON pointer into the
   * document, such as {@code /components/schemas/Error}): empty when it is valid.
   */
  public List<String> errors(String pointer, String json, boolean formats) {
    return schema(pointer)
        .validate(
            json,
            InputFormat.JSON,
            context -> context.executionConfig(c -> c.formatAssertionsEnabled(formats)))
        .stream()
        .map(Object::toString)
        .toList();
  }

  private Schema schema(String pointer) {
    return schemas.computeIfAbsent(
        pointer, p -> registry.getSchema(SchemaLocation.of(IRI + "#" + fragment(p))));
  }

  private Optional<Template> template(String uri) {
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    return templates.stream().filter(t -> t.pattern().matcher(path).matches()).findFirst();
  }

  private static Pattern regex(String template) {
    var regex = new StringBuilder();
    Matcher variable = VARIABLE.matcher(template);
    int at = 0;
    while (variable.find()) {
      regex.append(Pattern.quote(template.substring(at, variable.start()))).append("[^/]+");
      at = variable.end();
    }
    regex.append(Pattern.quote(template.substring(at)));
    return Pattern.compile(regex.toString());
  }

  private static int variables(String template) {
    return (int) VARIABLE.matcher(template).results().count();
  }

  /** A JSON pointer's reference token (RFC 6901). */
  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** A JSON pointer as a URI fragment: what a URI may not hold literally, percent-encoded. */
  private static String fragment(String pointer) {
    return URLEncoder.encode(pointer, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("%2F", "/")
        .replace("%7E", "~");
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int parameters = contentType.indexOf(';');
    return (parameters < 0 ? contentType : contentType.substring(0, parameters))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  private static String header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
        .map(e -> e.getValue().getFirst())
        .findFirst()
        .orElse(null);
  }

  private static String abbreviate(String body) {
    return body == null || body.length() <= 600 ? body : body.substring(0, 600) + "...";
  }

  /**
   * Lists each operation and status the tests' answers covered, in {@code
   * target/openapi-answers.txt}: which documented answers no test ever saw.
   */
  private void report() {
    Path target = Path.of("target");
    if (!Files.isDirectory(target)) {
      return;
    }
    var lines = new ArrayList<String>();
    for (Operation operation : operations()) {
      operation
          .node()
          .path("responses")
          .propertyNames()
          .forEach(
              status ->
                  lines.add(
                      (answered.contains(operation + " " + status) ? "answered " : "never    ")
                          + operation
                          + " "
                          + status));
    }
    try {
      Files.write(target.resolve("openapi-answers.txt"), lines);
    } catch (IOException e) {
      // a report only: the tests have passed or failed already
    }
  }
}
