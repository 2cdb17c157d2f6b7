package dev.allegro.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.jobs.FailedJobs;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Webhook deliveries made by a worker to a real receiver on loopback. Run on one Redis by {@link
 * WebhookDeliveryIT} and on a 3-master Redis Cluster by {@link WebhookDeliveryClusterIT}.
 */
@TestPropertySource(
    properties = {
      "allegro.roles=web,worker",
      "allegro.webhooks.allow-private=true",
      "allegro.webhooks.retry-schedule=1,1",
      "allegro.webhooks.jitter=0",
      "allegro.webhooks.replay-max-events=3"
    })
abstract class WebhookDeliveryContract {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired FailedJobs failedJobs;
  @Autowired JdbcClient jdbc;

  private final WebhookReceiver receiver = new WebhookReceiver();
  private static int tenants;

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  /** A fresh tenant with a member's token. */
  private record Site(String host, String token) {}

  private Site site() {
    Tenant tenant = data.tenant("hooks" + ++tenants);
    String token = data.token(data.member("m@" + tenant.slug() + ".test", tenant));
    return new Site(TestData.host(tenant.slug()), token);
  }

  private JsonNode create(Site site, String path, String eventTypes) {
    var answer =
        http.post("/api/v1/webhooks")
            .host(site.host())
            .bearer(site.token())
            .json(
                "{\"url\":\""
                    + receiver.url(path)
                    + "\",\"event_types\":"
                    + eventTypes
                    + ",\"description\":\"test\"}")
            .send();
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("data");
  }

  /** When the tracked interactions happened: a while before they are sent. */
  private static final Instant INTERACTION =
      Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

  private String track(Site site, String type) {
    var answer =
        http.post("/api/events")
            .host(site.host())
            .json(
                "{\"type\":\""
                    + type
                    + "\",\"session_id\":\"s1\",\"url\":\"https://shop.example/books/1\","
                    + "\"created_at\":\""
                    + INTERACTION
                    + "\"}")
            .send();
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("event_id").asString();
  }

  private List<WebhookReceiver.Received> awaitRequests(String path, int count) {
    await().atMost(PATIENCE).until(() -> receiver.at(path).size() >= count);
    return receiver.at(path);
  }

  private JsonNode deliveries(Site site, String endpoint) {
    var answer =
        http.get("/api/v1/webhooks/" + endpoint + "/deliveries")
            .host(site.host())
            .bearer(site.token())
            .send();
    assertThat(answer.status()).isEqualTo(200);
    return answer.json().get("data");
  }

  private static boolean verifies(String secret, WebhookReceiver.Received request)
      throws Exception {
    return StandardWebhooks.verifies(
        secret,
        request.header("webhook-id"),
        request.header("webhook-timestamp"),
        request.body(),
        request.header("webhook-signature"));
  }

  @Test
  void aNewEndpointShowsItsSecretOnceAndGetsASignedPing() throws Exception {
    Site site = site();

    JsonNode endpoint = create(site, "/ping", "[\"*\"]");

    String secret = endpoint.get("secret").asString();
    assertThat(secret).matches("whsec_[A-Za-z0-9+/]{43}=");
    var shown =
        http.get("/api/v1/webhooks/" + endpoint.get("id").asString())
            .host(site.host())
            .bearer(site.token())
            .send();
    assertThat(shown.json().get("data").has("secret")).isFalse();
    var ping = awaitRequests("/ping", 1).getFirst();
    assertThat(ping.header("X-Allegro-Event")).isEqualTo("ping");
    assertThat(ping.header("User-Agent")).isEqualTo("Allegro-Webhooks");
    assertThat(ping.header("Content-Type")).isEqualTo("application/json");
    assertThat(ping.header("Upgrade")).as("plain HTTP/1.1, no h2c upgrade").isNull();
    assertThat(verifies(secret, ping)).as("the Standard Webhooks signature verifies").isTrue();
    assertThat(verifies("whsec_" + "A".repeat(43) + "=", ping)).isFalse();
    JsonNode body = Http.json(ping.body());
    assertThat(body.get("event").asString()).isEqualTo("ping");
    assertThat(body.get("id").asString()).isEqualTo(ping.header("X-Allegro-Event-Id"));
  }

  @Test
  void aTrackedEventReachesEveryEndpointThatTakesItsTypeAsTheQueueServesIt() throws Exception {
    Site site = site();
    String secret = create(site, "/all", "[\"*\"]").get("secret").asString();
    create(site, "/purchases", "[\"purchase\"]");
    awaitRequests("/all", 1);

    String eventId = track(site, "page_view");

    var request = awaitRequests("/all", 2).get(1);
    assertThat(verifies(secret, request)).isTrue();
    assertThat(request.header("X-Allegro-Event")).isEqualTo("page_view");
    assertThat(request.header("X-Allegro-Event-Id")).isEqualTo(eventId);
    assertThat(request.header("X-Allegro-Delivery")).isEqualTo(request.header("webhook-id"));
    long timestamp = Long.parseLong(request.header("webhook-timestamp"));
    assertThat(Math.abs(timestamp - Instant.now().getEpochSecond())).isLessThan(60);
    JsonNode body = Http.json(request.body());
    assertThat(body.propertyNames()).containsExactly("id", "event", "created_at", "data");
    assertThat(body.get("id").asString()).isEqualTo(eventId);
    assertThat(body.get("event").asString()).isEqualTo("page_view");
    assertThat(body.get("created_at").asString())
        .as("the interaction time")
        .satisfies(
            t -> assertThat(java.time.OffsetDateTime.parse(t).toInstant()).isEqualTo(INTERACTION));
    assertThat(body.get("data").get("id").asString()).isEqualTo(eventId);
    assertThat(body.get("data").get("session_id").asString()).isEqualTo("s1");
    // The purchase endpoint got its ping and nothing else.
    await().during(Duration.ofSeconds(1)).until(() -> receiver.at("/purchases").size() == 1);
  }

  @Test
  void aFailingDeliveryIsRetriedUnderOneWebhookIdWithAFreshTimestampUntilItSucceeds()
      throws Exception {
    Site site = site();
    JsonNode endpoint = create(site, "/flaky", "[\"*\"]");
    awaitRequests("/flaky", 1);
    receiver.answer(500, 302);

    track(site, "page_view");

    var attempts = awaitRequests("/flaky", 4).subList(1, 4);
    assertThat(attempts)
        .extracting(r -> r.header("webhook-id"))
        .containsOnly(attempts.getFirst().header("webhook-id"));
    for (var attempt : attempts) {
      assertThat(verifies(endpoint.get("secret").asString(), attempt)).isTrue();
      assertThat(Long.parseLong(attempt.header("webhook-timestamp")))
          .as("signed when sent")
          .isBetween(attempt.at().getEpochSecond() - 2, attempt.at().getEpochSecond());
    }
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode delivery = deliveries(site, endpoint.get("id").asString()).get(0);
              assertThat(delivery.get("status").asString()).isEqualTo("delivered");
              var statuses = new ArrayList<Integer>();
              delivery.get("attempts").forEach(a -> statuses.add(a.get("status_code").asInt()));
              assertThat(statuses).containsExactly(500, 302, 200);
              assertThat(delivery.get("attempts").get(0).get("body").asString())
                  .isEqualTo("answered 500");
            });
  }

  @Test
  void aLaterRetryAfterIsHonoured() {
    Site site = site();
    create(site, "/busy", "[\"*\"]");
    awaitRequests("/busy", 1);
    receiver.answer(503, Map.of("Retry-After", "3"));

    track(site, "page_view");

    var requests = awaitRequests("/busy", 3);
    Duration waited = Duration.between(requests.get(1).at(), requests.get(2).at());
    assertThat(waited)
        .as("3 s asked, 1 s scheduled")
        .isGreaterThanOrEqualTo(Duration.ofMillis(2900));
  }

  @Test
  void aDeliveryFailingEveryTryFailsItsJobAndCountsAgainstTheEndpoint() {
    Site site = site();
    JsonNode endpoint = create(site, "/down", "[\"*\"]");
    String id = endpoint.get("id").asString();
    awaitRequests("/down", 1);
    receiver.always(500);

    track(site, "page_view");

    awaitRequests("/down", 4);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              var shown =
                  http.get("/api/v1/webhooks/" + id).host(site.host()).bearer(site.token()).send();
              assertThat(shown.json().at("/data/failure_count").asInt()).isEqualTo(1);
              assertThat(deliveries(site, id).get(0).get("status").asString()).isEqualTo("failed");
              assertThat(failedJobs.list(100))
                  .anySatisfy(
                      job -> {
                        assertThat(job.payload()).contains("webhooks.deliver");
                        assertThat(job.exception()).contains("answered 500 on the last of 3");
                      });
            });
    await().during(Duration.ofSeconds(2)).until(() -> receiver.at("/down").size() == 4);
  }

  @Test
  void goneDisablesTheEndpointAtOnce() {
    Site site = site();
    JsonNode endpoint = create(site, "/gone", "[\"*\"]");
    String id = endpoint.get("id").asString();
    awaitRequests("/gone", 1);
    receiver.always(410);

    track(site, "page_view");

    awaitRequests("/gone", 2);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              var shown =
                  http.get("/api/v1/webhooks/" + id).host(site.host()).bearer(site.token()).send();
              assertThat(shown.json().at("/data/active").asBoolean()).isFalse();
              assertThat(shown.json().at("/data/disabled_reason").asString()).contains("410");
            });
    track(site, "page_view");
    await().during(Duration.ofSeconds(2)).until(() -> receiver.at("/gone").size() == 2);
  }

  @Test
  void anEndpointFailingForFiveDaysIsDisabled() {
    Site site = site();
    JsonNode endpoint = create(site, "/dying", "[\"*\"]");
    String id = endpoint.get("id").asString();
    awaitRequests("/dying", 1);
    receiver.always(500);
    jdbc.sql(
            "UPDATE webhook_endpoints SET failing_since = now() - interval '5 days 1 minute'"
                + " WHERE id = CAST(:id AS uuid)")
        .param("id", id)
        .update();

    track(site, "page_view");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              var shown =
                  http.get("/api/v1/webhooks/" + id).host(site.host()).bearer(site.token()).send();
              assertThat(shown.json().at("/data/active").asBoolean()).isFalse();
              assertThat(shown.json().at("/data/disabled_reason").asString())
                  .startsWith("Every attempt failed since");
            });
    assertThat(receiver.at("/dying")).hasSize(2);
  }

  @Test
  void aDeliveredAttemptEndsTheEndpointsFailingStreak() {
    Site site = site();
    String id = create(site, "/recovering", "[\"*\"]").get("id").asString();
    awaitRequests("/recovering", 1);
    jdbc.sql(
            "UPDATE webhook_endpoints SET failing_since = now() - interval '4 days'"
                + " WHERE id = CAST(:id AS uuid)")
        .param("id", id)
        .update();

    track(site, "page_view");

    awaitRequests("/recovering", 2);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        jdbc.sql(
                                "SELECT failing_since IS NULL FROM webhook_endpoints"
                                    + " WHERE id = CAST(:id AS uuid)")
                            .param("id", id)
                            .query(Boolean.class)
                            .single())
                    .isTrue());
    assertThat(
            jdbc.sql(
                    "SELECT d.status FROM webhook_deliveries d JOIN webhook_attempts a"
                        + " ON a.delivery_id = d.id WHERE d.endpoint_id = CAST(:id AS uuid)"
                        + " AND d.event_type = 'page_view'")
                .param("id", id)
                .query(String.class)
                .list())
        .containsExactly("delivered");
  }

  @Test
  void afterARotationBothSecretsSign() throws Exception {
    Site site = site();
    JsonNode endpoint = create(site, "/rotating", "[\"*\"]");
    String id = endpoint.get("id").asString();
    String old = endpoint.get("secret").asString();
    awaitRequests("/rotating", 1);

    var rotated =
        http.post("/api/v1/webhooks/" + id + "/rotate-secret")
            .host(site.host())
            .bearer(site.token())
            .send();
    String fresh = rotated.json().at("/data/secret").asString();
    Instant until = Instant.parse(rotated.json().at("/data/previous_secret_expires_at").asString());
    var ping =
        http.post("/api/v1/webhooks/" + id + "/ping").host(site.host()).bearer(site.token()).send();

    assertThat(ping.status()).isEqualTo(202);
    assertThat(fresh).isNotEqualTo(old).startsWith("whsec_");
    assertThat(Duration.between(Instant.now(), until))
        .isBetween(Duration.ofHours(23), Duration.ofHours(24));
    var request = awaitRequests("/rotating", 2).get(1);
    assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
    assertThat(verifies(old, request)).isTrue();
    assertThat(verifies(fresh, request)).isTrue();
  }

  @Test
  void aTenantKeepsAtMostFiveEndpointsAndChangesOrDeletesThem() {
    Site site = site();
    String first = create(site, "/crud", "[\"*\"]").get("id").asString();
    for (int i = 2; i <= 5; i++) {
      create(site, "/crud", "[\"page_view\"]");
    }

    var sixth =
        http.post("/api/v1/webhooks")
            .host(site.host())
            .bearer(site.token())
            .json("{\"url\":\"" + receiver.url("/crud") + "\",\"event_types\":[\"*\"]}")
            .send();
    var changed =
        http.patch("/api/v1/webhooks/" + first)
            .host(site.host())
            .bearer(site.token())
            .json("{\"event_types\":[\"purchase\"],\"description\":null,\"active\":false}")
            .send();
    var deleted =
        http.delete("/api/v1/webhooks/" + first).host(site.host()).bearer(site.token()).send();
    var listed = http.get("/api/v1/webhooks").host(site.host()).bearer(site.token()).send();

    assertThat(sixth.status()).isEqualTo(409);
    assertThat(sixth.json().get("message").asString()).contains("at most 5");
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json().at("/data/event_types/0").asString()).isEqualTo("purchase");
    assertThat(changed.json().at("/data/description").isNull()).isTrue();
    assertThat(changed.json().at("/data/active").asBoolean()).isFalse();
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(listed.json().get("data")).hasSize(4);
    assertThat(listed.json().get("data").get(0).has("secret")).isFalse();
  }

  @Test
  void aDeliveryCanBeSentAgain() throws Exception {
    Site site = site();
    JsonNode endpoint = create(site, "/again", "[\"*\"]");
    String id = endpoint.get("id").asString();
    var first = awaitRequests("/again", 1).getFirst();
    String delivery = deliveries(site, id).get(0).get("id").asString();

    var resent =
        http.post("/api/v1/webhooks/" + id + "/deliveries/" + delivery + "/resend")
            .host(site.host())
            .bearer(site.token())
            .send();
    var unknown =
        http.post(
                "/api/v1/webhooks/" + id + "/deliveries/" + java.util.UUID.randomUUID() + "/resend")
            .host(site.host())
            .bearer(site.token())
            .send();

    assertThat(resent.status()).isEqualTo(202);
    assertThat(unknown.status()).isEqualTo(404);
    var again = awaitRequests("/again", 2).get(1);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.header("X-Allegro-Event-Id")).isEqualTo(first.header("X-Allegro-Event-Id"));
    assertThat(again.header("webhook-id"))
        .isEqualTo(resent.json().at("/data/delivery_id").asString());
    assertThat(verifies(endpoint.get("secret").asString(), again)).isTrue();
  }

  private String trackWithData(Site site, String type, String data) {
    var answer =
        http.post("/api/events")
            .host(site.host())
            .json(
                "{\"type\":\""
                    + type
                    + "\",\"session_id\":\"s1\",\"url\":\"https://shop.example/books/1\","
                    + "\"created_at\":\""
                    + INTERACTION
                    + "\",\"data\":"
                    + data
                    + "}")
            .send();
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("event_id").asString();
  }

  private Http.Response replay(Site site, String endpoint, String body) {
    return http.post("/api/v1/webhooks/" + endpoint + "/replay")
        .host(site.host())
        .bearer(site.token())
        .json(body)
        .send();
  }

  @Test
  void aReplaySendsTheRangesEventsAgainAsIngestionMadeThemAndSkipsThosePending() throws Exception {
    // given an endpoint that got three events of one minute: two page views and a purchase
    Site site = site();
    JsonNode endpoint = create(site, "/replayed", "[\"*\"]");
    String id = endpoint.get("id").asString();
    awaitRequests("/replayed", 1);
    String first = trackWithData(site, "page_view", "{\"zeta\":1,\"alpha\":{\"b\":2,\"a\":[1]}}");
    trackWithData(site, "purchase", "{\"total\":12.5}");
    String second = trackWithData(site, "page_view", "{\"book_id\":\"b-7\"}");
    var originals = awaitRequests("/replayed", 4).subList(1, 4);
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              var listed = deliveries(site, id);
              int delivered = 0;
              for (JsonNode d : listed) {
                delivered += d.get("status").asString().equals("delivered") ? 1 : 0;
              }
              return delivered == 4;
            });
    String range =
        "\"from\":\""
            + INTERACTION.minusSeconds(1)
            + "\",\"to\":\""
            + INTERACTION.plusSeconds(1)
            + "\"";
    receiver.hold();

    // when the page views of that range are replayed twice while the receiver holds the first
    var replayed = replay(site, id, "{" + range + ",\"event_types\":[\"page_view\"]}");
    var again = replay(site, id, "{" + range + ",\"event_types\":[\"page_view\"]}");
    receiver.release();

    // then each page view is sent once more, with the body ingestion made, under a new webhook-id
    assertThat(replayed.status()).as(replayed.body()).isEqualTo(202);
    assertThat(replayed.json().get("data").toString())
        .isEqualTo("{\"events\":2,\"queued\":2,\"already_pending\":0}");
    assertThat(again.json().get("data").toString())
        .as("the first replay's deliveries are still pending")
        .isEqualTo("{\"events\":2,\"queued\":0,\"already_pending\":2}");
    var sent = awaitRequests("/replayed", 6).subList(4, 6);
    assertThat(sent).extracting(r -> r.header("X-Allegro-Event-Id")).containsExactly(first, second);
    for (var request : sent) {
      var original =
          originals.stream()
              .filter(
                  o -> o.header("X-Allegro-Event-Id").equals(request.header("X-Allegro-Event-Id")))
              .findFirst()
              .orElseThrow();
      JsonNode body = Http.json(request.body());
      JsonNode before = Http.json(original.body());
      assertThat(body).isEqualTo(before);
      assertThat(body.get("data").propertyNames())
          .containsExactlyElementsOf(before.get("data").propertyNames());
      assertThat(request.header("webhook-id")).isNotEqualTo(original.header("webhook-id"));
      assertThat(verifies(endpoint.get("secret").asString(), request)).isTrue();
    }
    await().during(Duration.ofSeconds(1)).until(() -> receiver.at("/replayed").size() == 6);
  }

  @Test
  void aReplayRefusesBadRangesTooManyEventsAndADisabledEndpoint() {
    // given an endpoint of a tenant with four events in one minute (the limit is three)
    Site site = site();
    String id = create(site, "/bounded", "[\"page_view\"]").get("id").asString();
    for (int i = 0; i < 4; i++) {
      track(site, "page_view");
    }
    String from = INTERACTION.minusSeconds(1).toString();
    String to = INTERACTION.plusSeconds(1).toString();

    // when replays are asked with bad input
    var missing = replay(site, id, "{\"to\":\"" + to + "\"}");
    var notATime = replay(site, id, "{\"from\":\"yesterday\",\"to\":\"" + to + "\"}");
    var backwards = replay(site, id, "{\"from\":\"" + to + "\",\"to\":\"" + from + "\"}");
    var tooLong =
        replay(site, id, "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-08T00:00:01Z\"}");
    var notTaken =
        replay(
            site,
            id,
            "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"event_types\":[\"purchase\"]}");
    var tooMany = replay(site, id, "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}");
    var unknown =
        replay(
            site,
            java.util.UUID.randomUUID().toString(),
            "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}");

    // then each is refused naming the field, and nothing is queued
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.json().at("/errors/from/0").asString())
        .isEqualTo("The from field is required.");
    assertThat(notATime.json().at("/errors/from/0").asString()).contains("ISO 8601");
    assertThat(backwards.json().at("/errors/to/0").asString())
        .isEqualTo("The to field must be a time after from.");
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.json().at("/errors/to/0").asString()).contains("longer than 7 days");
    assertThat(notTaken.json().at("/errors/event_types/0").asString()).contains("takes none");
    assertThat(tooMany.status()).isEqualTo(422);
    assertThat(tooMany.json().at("/errors/to/0").asString())
        .isEqualTo(
            "The range holds more than 3 events of the types replayed; replay a shorter range.");
    assertThat(unknown.status()).isEqualTo(404);
    // (the events' own deliveries arrive from the outbox; a replay would have added more at once)
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                jdbc.sql(
                        "SELECT count(*) FROM webhook_deliveries"
                            + " WHERE endpoint_id = CAST(:id AS uuid) AND event_type <> 'ping'")
                    .param("id", id)
                    .query(Integer.class)
                    .single(),
            n -> n == 4);

    // and a disabled endpoint takes no replay
    http.patch("/api/v1/webhooks/" + id)
        .host(site.host())
        .bearer(site.token())
        .json("{\"active\":false}")
        .send();
    var disabled =
        replay(
            site,
            id,
            "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"event_types\":[\"page_view\"]}");
    assertThat(disabled.status()).isEqualTo(409);
    assertThat(disabled.json().get("message").asString()).contains("disabled");
  }
}
