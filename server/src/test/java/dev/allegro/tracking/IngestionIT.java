package dev.allegro.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.features.FeatureFlag;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

@AllegroTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = "allegro.tracking.sdk-rate-limit-per-minute=0")
class IngestionIT {

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired JdbcClient jdbc;

  Tenant shop;
  String writer;
  String reader;

  @BeforeAll
  void givenATenantWithItsQueueOn() {
    shop = data.tenant("shop", FeatureFlag.USE_REDIS_EVENTS);
    var user = data.member("ops@shop.test", shop);
    writer = data.token(user, "events:write");
    reader = data.token(user, "events:read");
  }

  private Http.Response sdk(String json) {
    return http.post("/api/events")
        .host("shop.test")
        .header("User-Agent", "Mozilla/5.0 Test")
        .json(json)
        .send();
  }

  private Map<String, Object> stored(String id) {
    return jdbc.sql("SELECT * FROM events WHERE id = ?::uuid").param(id).query().singleRow();
  }

  @Test
  void oneEventIsStoredWithEveryFieldAndAnswered201() {
    var response =
        sdk(
            """
            {"type":"page_view","session_id":"s-1","device_id":"d-1","audience_member_id":"m-1",
             "url":"https://Shop.Example/books/42?ref=x","referer":"https://search.example/",
             "page_title":"Book 42","content_type":"book","content_id":"42","publisher":"acme",
             "object_type":"product","object_id":"p42","context":{"campaign":"fall"},
             "data":{"price":12.5},"event_sequence":3,"unknown_field":"ignored"}
            """);

    assertThat(response.status()).isEqualTo(201);
    String id = response.json().get("event_id").asString();
    assertThat(UUID.fromString(id).version()).isEqualTo(7);
    var row = stored(id);
    assertThat(row)
        .containsEntry("type", "page_view")
        .containsEntry("session_id", "s-1")
        .containsEntry("device_id", "d-1")
        .containsEntry("audience_member_id", "m-1")
        .containsEntry("page_hostname", "shop.example")
        .containsEntry("page_path", "/books/42")
        .containsEntry("referer", "https://search.example/")
        .containsEntry("page_title", "Book 42")
        .containsEntry("content_id", "42")
        .containsEntry("object_id", "p42")
        .containsEntry("event_sequence", 3)
        .containsEntry("user_agent", "Mozilla/5.0 Test")
        .containsEntry("ip_address", "127.0.0.1");
    assertThat(row.get("data").toString()).contains("12.5");
    assertThat(row.get("context").toString()).contains("fall");
  }

  @Test
  void aBatchIsAcceptedWholeWith202() {
    var response =
        sdk(
            """
            {"events":[
              {"type":"page_view","session_id":"s-2","url":"https://shop.example/a"},
              {"type":"add_to_cart","session_id":"s-2","url":"https://shop.example/b"}]}
            """);

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.json().get("accepted").asInt()).isEqualTo(2);
    assertThat(response.json().get("event_ids").size()).isEqualTo(2);
    assertThat(stored(response.json().get("event_ids").get(1).asString()))
        .containsEntry("type", "add_to_cart");
  }

  @Test
  void anInvalidEventRejectsTheWholeBatchNamingEachField() {
    long before = jdbc.sql("SELECT count(*) FROM events").query(Long.class).single();

    var response =
        sdk(
            """
            {"events":[
              {"type":"page_view","session_id":"ok","url":"https://shop.example/a"},
              {"type":"Page View","session_id":"x","url":"https://shop.example/a"},
              {"session_id":"x","url":"ftp://shop.example/a"},
              {"type":"click","url":"https://shop.example/a","event_sequence":-1,
               "data":[1],"id":"not-a-uuid","created_at":"yesterday"}]}
            """);

    assertThat(response.status()).isEqualTo(422);
    var errors = response.json().get("errors");
    assertThat(errors.get("events.1.type").get(0).asString()).contains("format is invalid");
    assertThat(errors.has("events.2.type")).isTrue();
    assertThat(errors.get("events.2.url").get(0).asString()).contains("valid http or https URL");
    assertThat(errors.has("events.3.session_id")).isTrue();
    assertThat(errors.has("events.3.event_sequence")).isTrue();
    assertThat(errors.has("events.3.data")).isTrue();
    assertThat(errors.has("events.3.id")).isTrue();
    assertThat(errors.has("events.3.created_at")).isTrue();
    assertThat(errors.has("events.0")).isFalse();
    assertThat(jdbc.sql("SELECT count(*) FROM events").query(Long.class).single())
        .isEqualTo(before);
  }

  @Test
  void aNulCharacterInAnyStringIsRefusedNamingTheField() {
    String nul = "\\u0000";
    String base = "\"type\":\"x\",\"url\":\"https://shop.example/\"";

    var session = sdk("{" + base + ",\"session_id\":\"s" + nul + "\"}");
    var title = sdk("{" + base + ",\"session_id\":\"s\",\"page_title\":\"t" + nul + "\"}");
    var deepValue =
        sdk("{" + base + ",\"session_id\":\"s\",\"data\":{\"a\":[{\"b\":\"" + nul + "\"}]}}");
    var key = sdk("{" + base + ",\"session_id\":\"s\",\"data\":{\"k" + nul + "\":1}}");
    var context = sdk("{" + base + ",\"session_id\":\"s\",\"context\":\"c" + nul + "\"}");
    String valid = "{" + base + ",\"session_id\":\"s\"}";
    var batch =
        sdk(
            "{\"events\":["
                + (valid + ",").repeat(3)
                + "{"
                + base
                + ",\"session_id\":\"s\",\"data\":{\"x\":{\"y\":\""
                + nul
                + "\"}}}]}");

    assertThat(session.status()).isEqualTo(422);
    assertThat(session.json().at("/errors/session_id/0").asString())
        .isEqualTo("The session_id field must not contain NUL characters.");
    assertThat(title.json().at("/errors/page_title/0").asString())
        .isEqualTo("The page_title field must not contain NUL characters.");
    assertThat(deepValue.json().at("/errors/data/0").asString())
        .isEqualTo("The data field must not contain NUL characters.");
    assertThat(key.json().at("/errors/data/0").asString())
        .isEqualTo("The data field must not contain NUL characters.");
    assertThat(context.json().at("/errors/context/0").asString())
        .isEqualTo("The context field must not contain NUL characters.");
    assertThat(batch.status()).isEqualTo(422);
    assertThat(batch.json().get("errors").propertyNames()).containsExactly("events.3.data");
  }

  @Test
  void aHeartbeatWithANulCharacterIsRefusedNamingTheField() {
    data.tenant("beating", FeatureFlag.SDK_HEARTBEAT);

    var response =
        http.post("/api/heartbeat")
            .host("beating.test")
            .json("{\"event_id\":\"\\u0000\",\"active_seconds\":5}")
            .send();

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().at("/errors/event_id/0").asString())
        .isEqualTo("The event_id field must not contain NUL characters.");
  }

  @Test
  void aCreatedAtTheDatabaseCannotHoldIsRefusedWithItsRange() {
    String event = "{\"type\":\"x\",\"session_id\":\"s\",\"url\":\"https://shop.example/\",";
    for (String createdAt :
        new String[] {
          "-1000000000000000",
          "9223372036854775807",
          "\"-200000-01-01T00:00:00Z\"",
          "\"+300000-01-01T00:00:00Z\"",
          "\"1969-12-31T23:59:59Z\""
        }) {
      var response = sdk(event + "\"created_at\":" + createdAt + "}");

      assertThat(response.status()).as(createdAt).isEqualTo(422);
      assertThat(response.json().at("/errors/created_at/0").asString())
          .as(createdAt)
          .isEqualTo("The created_at field must be a time between 1970-01-01 and 9999-12-31.");
    }
    var batch = sdk("{\"events\":[" + event + "\"created_at\":-1000000000000000}]}");
    assertThat(batch.json().get("errors").propertyNames()).containsExactly("events.0.created_at");
  }

  @Test
  void unstorableEventsOfOneTenantNeverFailAnotherTenantsRequests() throws Exception {
    data.tenant("bystander");
    String good = "{\"type\":\"x\",\"session_id\":\"b\",\"url\":\"https://b.example/\"}";
    String[] bad = {
      "{\"type\":\"x\",\"session_id\":\"\\u0000\",\"url\":\"https://shop.example/\"}",
      "{\"type\":\"x\",\"session_id\":\"s\",\"url\":\"https://shop.example/\","
          + "\"created_at\":-1000000000000000}"
    };
    var answers = new java.util.concurrent.ConcurrentLinkedQueue<Http.Response>();
    var refused = new java.util.concurrent.ConcurrentLinkedQueue<Integer>();

    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 150; i++) {
        pool.submit(
            () -> answers.add(http.post("/api/events").host("bystander.test").json(good).send()));
        String unstorable = bad[i % 2];
        pool.submit(() -> refused.add(sdk(unstorable).status()));
      }
    }

    assertThat(answers).extracting(Http.Response::status).containsOnly(201);
    assertThat(refused).containsOnly(422);
    for (var answer : answers) {
      assertThat(stored(answer.json().get("event_id").asString())).containsEntry("session_id", "b");
    }
  }

  @Test
  void theSdkMustSendAUrlAndBatchesHoldOneToAHundred() {
    assertThat(sdk("{\"type\":\"x\",\"session_id\":\"s\"}").json().has("errors")).isTrue();
    assertThat(sdk("{\"events\":[]}").status()).isEqualTo(422);
    String event = "{\"type\":\"x\",\"session_id\":\"s\",\"url\":\"https://shop.example/\"}";
    String tooMany = "{\"events\":[" + (event + ",").repeat(100) + event + "]}";
    var response = sdk(tooMany);
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().at("/errors/events/0").asString()).contains("100");
  }

  @Test
  void oversizedBodiesAndEventsAreRefused() {
    String big = "x".repeat(33 * 1024);
    var event =
        sdk(
            "{\"type\":\"x\",\"session_id\":\"s\",\"url\":\"https://shop.example/\",\"page_title\":\""
                + big
                + "\"}");
    assertThat(event.status()).isEqualTo(422);
    assertThat(event.json().at("/errors/event/0").asString()).contains("32 KB");

    var body = sdk("{\"events\":[],\"padding\":\"" + "y".repeat(520 * 1024) + "\"}");
    assertThat(body.status()).isEqualTo(413);
    assertThat(body.json().get("message").asString()).contains("512 KB");

    assertThat(sdk("{not json").status()).isEqualTo(400);
  }

  @Test
  void textPlainBodiesFromBeaconsAreAccepted() {
    var response =
        http.post("/api/events")
            .host("shop.test")
            .json(
                "{\"type\":\"page_view\",\"session_id\":\"beacon\",\"url\":\"https://shop.example/\"}")
            .header("Content-Type", "text/plain;charset=UTF-8")
            .send();

    assertThat(response.status()).isEqualTo(201);
  }

  @Test
  void integersBeyondTheirRangeGetTheRangeMessage() {
    String event = "{\"type\":\"x\",\"session_id\":\"s\",\"url\":\"https://shop.example/\",";
    data.tenant("ranged", FeatureFlag.SDK_HEARTBEAT);

    var above = sdk(event + "\"event_sequence\":2147483648}");
    var below = sdk(event + "\"event_sequence\":-2147483649}");
    var beat =
        http.post("/api/heartbeat")
            .host("ranged.test")
            .json("{\"event_id\":\"" + UUID.randomUUID() + "\",\"active_seconds\":2147483648}")
            .send();

    assertThat(above.json().at("/errors/event_sequence/0").asString())
        .isEqualTo("The event_sequence field must not be greater than 2147483647.");
    assertThat(below.json().at("/errors/event_sequence/0").asString())
        .isEqualTo("The event_sequence field must be at least 0.");
    assertThat(beat.status()).isEqualTo(422);
    assertThat(beat.json().at("/errors/active_seconds/0").asString())
        .isEqualTo("The active_seconds field must not be greater than 2147483647.");
    assertThat(sdk(event + "\"event_sequence\":2147483647}").status()).isEqualTo(201);
  }

  @Test
  void bodiesOtherThanJsonOrPlainTextAreUnsupportedMediaTypes() {
    String event = "{\"type\":\"x\",\"session_id\":\"ct\",\"url\":\"https://shop.example/\"}";
    data.tenant("typed", FeatureFlag.SDK_HEARTBEAT);
    String beat = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"active_seconds\":3}";

    for (String type :
        new String[] {
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "text/html",
          "application/xml",
          "text/plainish"
        }) {
      var sdk = http.post("/api/events").host("shop.test").json(event).header("Content-Type", type);
      var server =
          http.post("/api/v1/events")
              .host("shop.test")
              .bearer(writer)
              .json(event)
              .header("Content-Type", type);
      var heartbeat =
          http.post("/api/heartbeat").host("typed.test").json(beat).header("Content-Type", type);

      for (var response : java.util.List.of(sdk.send(), server.send(), heartbeat.send())) {
        assertThat(response.status()).as(type).isEqualTo(415);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json().get("message").asString())
            .contains("application/json")
            .contains("text/plain");
      }
    }
    for (String type :
        new String[] {"application/json; charset=utf-8", "TEXT/PLAIN", "application/ld+json"}) {
      assertThat(
              http.post("/api/events")
                  .host("shop.test")
                  .json(event)
                  .header("Content-Type", type)
                  .send()
                  .status())
          .as(type)
          .isEqualTo(201);
    }
    assertThat(http.post("/api/events").host("shop.test").body(event).send().status())
        .as("a beacon of a Blob without type sends no Content-Type")
        .isEqualTo(201);
  }

  @Test
  void aClientTimeOutOfBoundsIsReplacedByTheReceiptAndKept() {
    Instant ahead = Instant.now().plus(1, ChronoUnit.HOURS);
    Instant recent = Instant.now().minus(1, ChronoUnit.HOURS);

    String farId =
        sdk("{\"type\":\"x\",\"session_id\":\"t\",\"url\":\"https://shop.example/\",\"created_at\":\""
                + ahead
                + "\"}")
            .json()
            .get("event_id")
            .asString();
    String nearId =
        sdk("{\"type\":\"x\",\"session_id\":\"t\",\"url\":\"https://shop.example/\",\"created_at\":"
                + recent.toEpochMilli()
                + "}")
            .json()
            .get("event_id")
            .asString();

    var far = stored(farId);
    assertThat(instant(far.get("created_at"))).isBefore(ahead.minusSeconds(3000));
    assertThat(instant(far.get("client_created_at")).truncatedTo(ChronoUnit.MILLIS))
        .isEqualTo(ahead.truncatedTo(ChronoUnit.MILLIS));
    var near = stored(nearId);
    assertThat(instant(near.get("created_at"))).isEqualTo(recent.truncatedTo(ChronoUnit.MILLIS));
    assertThat(near.get("client_created_at")).isNull();
  }

  @Test
  void aRepeatedClientIdIsAnsweredAlikeButStoredAndQueuedOnce() {
    String id = UUID.randomUUID().toString();
    String event =
        "{\"id\":\""
            + id
            + "\",\"type\":\"purchase\",\"session_id\":\"dup\",\"url\":\"https://shop.example/\"}";

    var first = sdk(event);
    var again = sdk(event);
    var inBatch = sdk("{\"events\":[" + event + "," + event + "]}");

    assertThat(first.json().get("event_id").asString()).isEqualTo(id);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json().get("event_id").asString()).isEqualTo(id);
    assertThat(inBatch.status()).isEqualTo(202);
    assertThat(
            jdbc.sql("SELECT count(*) FROM events WHERE id = ?::uuid")
                .param(id)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    org.awaitility.Awaitility.await().until(() -> queuedIds().contains(id));
    assertThat(queuedIds().stream().filter(id::equals)).hasSize(1);
  }

  @Test
  void serverSideTrackingNeedsEventsWriteAndTakesTheUsersAddressAndAgent() {
    String event =
        "{\"type\":\"signup\",\"session_id\":\"srv\",\"ip_address\":\"203.0.113.9\",\"user_agent\":\"Shop/1.0\"}";

    assertThat(http.post("/api/v1/events").host("shop.test").json(event).send().status())
        .isEqualTo(401);
    assertThat(
            http.post("/api/v1/events")
                .host("shop.test")
                .bearer(reader)
                .json(event)
                .send()
                .status())
        .isEqualTo(403);
    var response = http.post("/api/v1/events").host("shop.test").bearer(writer).json(event).send();

    assertThat(response.status()).isEqualTo(201);
    assertThat(stored(response.json().get("event_id").asString()))
        .containsEntry("ip_address", "203.0.113.9")
        .containsEntry("user_agent", "Shop/1.0")
        .containsEntry("url", null);
  }

  private static Instant instant(Object timestamp) {
    return ((java.sql.Timestamp) timestamp).toInstant();
  }

  private java.util.List<String> queuedIds() {
    var body = http.get("/api/platform/events").host("shop.test").bearer(reader).send().json();
    var ids = new java.util.ArrayList<String>();
    body.at("/data/events").forEach(e -> ids.add(e.get("id").asString()));
    return ids;
  }
}
