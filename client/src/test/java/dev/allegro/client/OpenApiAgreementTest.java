package dev.allegro.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The client speaks the API as {@code docs/openapi.yaml} describes it, generating nothing: every
 * JSON field it writes or reads is a property of the document's schema, every required property is
 * one it has, and the paths and query parameters it sends are documented. What the client sends is
 * taken from its real requests to {@link FakeAllegro}; what it reads, by decoding the document's
 * own examples.
 */
class OpenApiAgreementTest {

  private static final JsonNode DOCUMENT = read();

  private FakeAllegro allegro;

  @BeforeEach
  void startFake() throws IOException {
    allegro = new FakeAllegro();
  }

  @AfterEach
  void stopFake() {
    allegro.close();
  }

  private static JsonNode read() {
    try (InputStream in = Files.newInputStream(Path.of("..", "docs", "openapi.yaml"))) {
      return new YAMLMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("docs/openapi.yaml is read from the client's module", e);
    }
  }

  private static JsonNode schema(String name) {
    JsonNode schema = DOCUMENT.at("/components/schemas/" + name);
    assertThat(schema.isMissingNode()).as("schema %s", name).isFalse();
    return schema;
  }

  private static Set<String> properties(JsonNode schema) {
    return new TreeSet<>(schema.path("properties").propertyNames());
  }

  private static Set<String> required(JsonNode schema) {
    var required = new TreeSet<String>();
    schema.path("required").forEach(name -> required.add(name.asString()));
    return required;
  }

  private static JsonNode operation(String method, String path) {
    JsonNode operation = DOCUMENT.path("paths").path(path).path(method);
    assertThat(operation.isMissingNode()).as("%s %s is documented", method, path).isFalse();
    return operation;
  }

  private static Set<String> queryParameters(JsonNode operation, boolean requiredOnly) {
    var names = new TreeSet<String>();
    for (JsonNode parameter : operation.path("parameters")) {
      if (parameter.has("$ref")) {
        parameter = DOCUMENT.at(parameter.get("$ref").asString().substring(1));
      }
      if (parameter.path("in").asString().equals("query")
          && (!requiredOnly || parameter.path("required").asBoolean())) {
        names.add(parameter.get("name").asString());
      }
    }
    return names;
  }

  private static String snakeCase(String name) {
    return name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
  }

  /** An event with every field its builder offers, whatever fields are added to it later. */
  private static Event everyField() throws ReflectiveOperationException {
    Event.Builder builder = Event.builder("add_to_cart", "session-1");
    for (Method method : Event.Builder.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(method.getModifiers())
          || method.getReturnType() != Event.Builder.class
          || method.getParameterCount() != 1) {
        continue;
      }
      Class<?> type = method.getParameterTypes()[0];
      Object value =
          type == String.class
              ? "https://shop.example/x"
              : type == long.class
                  ? 3L
                  : type == Map.class
                      ? Map.of("price", 12.5)
                      : type == UUID.class ? UUID.randomUUID() : Instant.now();
      method.invoke(builder, value);
    }
    return builder.build();
  }

  @Test
  void theTrackerSendsOnlyFieldsOfTheServerEventSchemaAndEveryRequiredOne() throws Exception {
    // given
    Event event = everyField();
    try (Tracker tracker =
        Tracker.builder().baseUrl(allegro.baseUrl()).token(FakeAllegro.TOKEN).build()) {
      // when
      tracker.track(event);
      tracker.flush();
    }

    // then
    var posts = List.copyOf(allegro.requests);
    assertThat(posts).isNotEmpty();
    JsonNode batch = schema("ServerEventsRequest").at("/oneOf/1");
    for (FakeAllegro.Request post : posts) {
      operation(post.method().toLowerCase(Locale.ROOT), post.path());
      JsonNode body = Json.MAPPER.readTree(post.body());
      assertThat(properties(batch)).containsAll(body.propertyNames());
      for (JsonNode sent : body.get("events")) {
        assertThat(properties(schema("ServerEvent"))).containsAll(sent.propertyNames());
        assertThat(sent.propertyNames()).containsAll(required(schema("ServerEvent")));
      }
    }
    assertThat(posts.getFirst().body()).contains("\"ip_address\"").contains("\"data\"");
  }

  @Test
  void theConsumersSendOnlyDocumentedPathsAndQueryParameters() throws Exception {
    // given
    allegro.pushEvent("page_view");
    allegro.pushHeartbeat(5);

    // when: one round of each consumer, with every option that reaches the query
    poll(EventQueueConsumer.builder().handler(batch -> {}));
    poll(HeartbeatQueueConsumer.builder().handler(batch -> {}));

    // then
    var requests = List.copyOf(allegro.requests);
    assertThat(requests)
        .extracting(FakeAllegro.Request::path)
        .contains(QueueKind.EVENTS.path(), QueueKind.HEARTBEATS.path());
    assertThat(requests).extracting(FakeAllegro.Request::method).contains("GET", "DELETE");
    for (FakeAllegro.Request request : requests) {
      JsonNode operation = operation(request.method().toLowerCase(Locale.ROOT), request.path());
      assertThat(queryParameters(operation, false)).containsAll(request.query().keySet());
      assertThat(request.query().keySet()).containsAll(queryParameters(operation, true));
    }
  }

  private <T, C extends QueueConsumer<T>> void poll(QueueConsumerBuilder<T, C> builder)
      throws InterruptedException {
    try (C consumer =
        builder
            .baseUrl(allegro.baseUrl())
            .token(FakeAllegro.TOKEN)
            .limit(10)
            .longPoll(Duration.ofSeconds(1))
            .build()) {
      consumer.poll();
    }
  }

  @Test
  void theQueuesBodyKeysAndLastIdFieldsAreTheDocuments() {
    assertThat(properties(schema("EventQueueBatch").at("/properties/data")))
        .contains(QueueKind.EVENTS.itemsKey());
    assertThat(properties(schema("HeartbeatQueueBatch").at("/properties/data")))
        .contains(QueueKind.HEARTBEATS.itemsKey());
    assertThat(properties(schema("QueuedEvent"))).contains(QueueKind.EVENTS.idField());
    assertThat(properties(schema("QueuedHeartbeat"))).contains(QueueKind.HEARTBEATS.idField());
    assertThat(required(schema("Error"))).as("read from every error body").contains("message");
  }

  @Test
  void aQueuedEventReadsEveryFieldOfItsSchemaByItsName() {
    // given: the document's example of the Event Queue, with data
    ObjectNode item =
        (ObjectNode)
            DOCUMENT
                .at(
                    "/paths/~1api~1platform~1events/get/responses/200/content/application~1json"
                        + "/examples/seed/value/data/events/0")
                .deepCopy();
    item.putObject("data").put("sku", "a");

    // when
    QueuedEvent event = QueuedEvent.from(item);

    // then
    assertAgreement(QueuedEvent.class, event, schema("QueuedEvent"), item);
  }

  @Test
  void aHeartbeatReadsEveryFieldOfItsSchemaByItsName() {
    // given: the document's example of the Heartbeat Queue
    JsonNode item =
        DOCUMENT.at(
            "/paths/~1api~1platform~1heartbeats/get/responses/200/content/application~1json"
                + "/examples/beats/value/data/heartbeats/0");

    // when
    Heartbeat beat = Heartbeat.from(item);

    // then
    assertAgreement(Heartbeat.class, beat, schema("QueuedHeartbeat"), item);
  }

  /**
   * Each component but {@code json} is a property of the schema under its snake-case name, every
   * required property is a component, and each component holds a value exactly where the item has
   * one: a component reading another name than its schema's stays empty.
   */
  private static void assertAgreement(
      Class<? extends Record> type, Record decoded, JsonNode schema, JsonNode item) {
    var names = new TreeSet<String>();
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.getName().equals("json")) {
        continue;
      }
      String name = snakeCase(component.getName());
      names.add(name);
      Object value;
      try {
        value = component.getAccessor().invoke(decoded);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      boolean inItem = item.has(name) && !item.get(name).isNull();
      assertThat(value != null)
          .as("%s.%s read from %s", type.getSimpleName(), component.getName(), name)
          .isEqualTo(inItem);
    }
    assertThat(properties(schema)).containsAll(names);
    assertThat(names).containsAll(required(schema));
  }
}
