package dev.allegro.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.test.ApiContract;
import dev.allegro.test.Http;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code docs/openapi.yaml} holds together on its own: references resolve, every operation says who
 * may call it and what it answers, every example is valid by its own schema, the queue parameters
 * carry their limits, and the Event Queue's examples are the seed's.
 */
class OpenApiDocumentTest {

  private static final ApiContract CONTRACT = ApiContract.get();
  private static final JsonNode DOCUMENT = CONTRACT.document();

  /**
   * The seed's (event-queue) two examples of {@code GET /api/platform/events}, as it prints them.
   */
  private static final String SEED_EVENTS =
      """
      {
          "data": {
              "count": 2,
              "events": [
                  {
                      "id": "...",
                      "type": "page_view",
                      "session_id": "...",
                      "audience_member_id": null,
                      "url": "https://example.com/page",
                      "page_hostname": "example.com",
                      "page_path": "/page",
                      "user_agent": "Mozilla/5.0 ...",
                      "ip_address": "1.2.3.4",
                      "event_sequence": 1,
                      "created_at": "2026-02-25T18:00:00+00:00"
                  }
              ]
          }
      }
      """;

  private static final String SEED_EMPTY =
      """
      {
          "data": {
              "count": 0,
              "events": []
          }
      }
      """;

  /** The seed's (health-checks) examples of the two health endpoints. */
  private static final String SEED_TENANT_HEALTH =
      """
      {
      "status": "ok",
      "tenant": "tenant_123",
      "redis": { "reachable": true },
      "queues": {
      "events": { "depth": 0, "oldest_age_seconds": null },
      "heartbeats": { "depth": 12, "oldest_age_seconds": 34 }
      }
      }
      """;

  private static final String SEED_PLATFORM_HEALTH =
      """
      {
      "status": "ok",
      "redis": { "reachable": true },
      "queues": {
      "high": { "pending": 0, "wait_seconds": 0 },
      "default": { "pending": 2, "wait_seconds": 1 },
      "audience-sync": { "pending": 0, "wait_seconds": 0 }
      },
      "failed_jobs": 0
      }
      """;

  /** Every object of the document with its JSON pointer. */
  private static void walk(JsonNode node, String pointer, List<Located> into) {
    if (node.isObject()) {
      into.add(new Located(pointer, node));
      node.properties().forEach(p -> walk(p.getValue(), pointer + "/" + escape(p.getKey()), into));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), pointer + "/" + i, into);
      }
    }
  }

  private record Located(String pointer, JsonNode node) {}

  private static List<Located> objects() {
    var objects = new ArrayList<Located>();
    walk(DOCUMENT, "", objects);
    return objects;
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  @Test
  void everyReferenceResolvesInTheDocument() {
    var broken = new TreeSet<String>();
    for (Located object : objects()) {
      JsonNode ref = object.node().get("$ref");
      if (ref != null
          && (!ref.asString().startsWith("#/")
              || DOCUMENT.at(ref.asString().substring(1)).isMissingNode())) {
        broken.add(object.pointer() + " -> " + ref.asString());
      }
    }

    assertThat(broken).isEmpty();
  }

  @Test
  void everyOperationHasAnIdATagASummaryADescriptionAndItsSecurity() {
    var tags = new HashSet<String>();
    DOCUMENT.path("tags").forEach(tag -> tags.add(tag.get("name").asString()));
    var ids = new HashSet<String>();
    var wrong = new TreeMap<String, String>();
    for (ApiContract.Operation operation : CONTRACT.operations()) {
      JsonNode node = operation.node();
      if (!node.has("operationId") || !ids.add(node.get("operationId").asString())) {
        wrong.put(operation.toString(), "no operationId of its own");
      } else if (node.path("tags").size() != 1
          || !tags.contains(node.path("tags").get(0).asString())) {
        wrong.put(operation.toString(), "not one tag of the document's");
      } else if (node.path("summary").asString("").isBlank()
          || node.path("description").asString("").isBlank()) {
        wrong.put(operation.toString(), "no summary or description");
      } else if (!node.path("security").isArray()) {
        wrong.put(operation.toString(), "no security: give [] for a public operation");
      }
    }

    assertThat(wrong).isEmpty();
    assertThat(CONTRACT.operations()).hasSizeGreaterThanOrEqualTo(24);
  }

  @Test
  void anOperationWithATokenAnswers401And403AndAPublicOneNever401() {
    var wrong = new TreeSet<String>();
    for (ApiContract.Operation operation : CONTRACT.operations()) {
      JsonNode responses = operation.node().path("responses");
      boolean bearer = operation.node().path("security").toString().contains("bearerAuth");
      if (bearer != responses.has("401") || (bearer && !responses.has("403"))) {
        wrong.add(operation.toString());
      }
      if (bearer && !operation.node().path("description").asString().contains("host")) {
        wrong.add(operation + " says not on which host");
      }
    }

    assertThat(wrong).isEmpty();
  }

  @Test
  void everyJsonBodyHasASchema() {
    var without = new TreeSet<String>();
    for (Located object : objects()) {
      if (object.pointer().matches(".*/content/application~1[^/]*json")
          && !object.node().has("schema")) {
        without.add(object.pointer());
      }
    }

    assertThat(without).isEmpty();
  }

  /**
   * Media types' and parameters' examples, each by the schema beside it. Formats are not asserted
   * here: the seed's example has {@code "..."} for its ids.
   */
  @Test
  void everyExampleIsValidByItsSchema() {
    var invalid = new ArrayList<String>();
    int examples = 0;
    for (Located object : objects()) {
      if (!object.node().has("schema")) {
        continue;
      }
      String schema = object.pointer() + "/schema";
      var values = new ArrayList<JsonNode>();
      if (object.node().has("example")) {
        values.add(object.node().get("example"));
      }
      object.node().path("examples").forEach(example -> values.add(example.get("value")));
      for (JsonNode value : values) {
        examples++;
        CONTRACT.errors(schema, value.toString(), false).stream()
            .map(error -> object.pointer() + ": " + error)
            .forEach(invalid::add);
      }
    }

    assertThat(invalid).isEmpty();
    assertThat(examples).isGreaterThan(40);
  }

  @Test
  void theEventQueuesExamplesAreTheSeedsAsItPrintsThem() {
    JsonNode examples =
        DOCUMENT.at(
            "/paths/~1api~1platform~1events/get/responses/200/content/application~1json/examples");

    assertThat(examples.at("/seed/value")).isEqualTo(Http.json(SEED_EVENTS));
    assertThat(examples.at("/empty/value")).isEqualTo(Http.json(SEED_EMPTY));
  }

  @Test
  void theHealthExamplesAreTheSeeds() {
    String examples = "/get/responses/200/content/application~1json/examples/seed/value";

    assertThat(DOCUMENT.at("/paths/~1api~1v1~1health" + examples))
        .isEqualTo(Http.json(SEED_TENANT_HEALTH));
    assertThat(DOCUMENT.at("/paths/~1api~1v1~1landlord~1health" + examples))
        .isEqualTo(Http.json(SEED_PLATFORM_HEALTH));
  }

  @Test
  void theQueryParametersCarryTheirLimits() {
    assertLimits("count", true, 1, Long.MAX_VALUE);
    assertLimits("limit", false, 1, 10_000);
    assertLimits("wait", false, 0, 20);
    assertLimits("page", false, 1, Integer.MAX_VALUE);
    assertLimits("per_page", false, 1, 100);
  }

  private static void assertLimits(String name, boolean required, long minimum, long maximum) {
    JsonNode parameter = DOCUMENT.at("/components/parameters/" + name);

    assertThat(parameter.get("in").asString()).isEqualTo("query");
    assertThat(parameter.get("required").asBoolean()).as(name).isEqualTo(required);
    assertThat(parameter.at("/schema/type").asString()).isEqualTo("integer");
    assertThat(parameter.at("/schema/minimum").asLong()).as(name).isEqualTo(minimum);
    assertThat(parameter.at("/schema/maximum").asLong()).as(name).isEqualTo(maximum);
  }

  @Test
  void theErrorShapesAreComponentsForEveryErrorStatus() {
    Set<String> statuses = new TreeSet<>();
    for (ApiContract.Operation operation : CONTRACT.operations()) {
      operation.node().path("responses").propertyNames().stream()
          .filter(status -> status.startsWith("4") || status.startsWith("5"))
          .forEach(statuses::add);
    }

    assertThat(statuses).contains("401", "403", "404", "409", "413", "415", "422", "429", "503");
    assertThat(DOCUMENT.at("/components/schemas").propertyNames())
        .contains("Error", "ValidationError");
    assertThat(DOCUMENT.at("/components/responses").propertyNames())
        .contains("MethodNotAllowed", "TooManyRequests", "ServiceUnavailable");
  }
}
