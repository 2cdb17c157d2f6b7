package dev.allegro.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.jobs.FailedJobs;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The seed's book store: interactions forwarded to a tracking service on loopback. Run on one Redis
 * by {@link ForwardingIT} and on a 3-master Redis Cluster by {@link ForwardingClusterIT}.
 */
@TestPropertySource(
    properties = {
      "allegro.roles=web,worker",
      "allegro.webhooks.allow-private=true",
      "allegro.webhooks.forwarding-backoff=1"
    })
abstract class ForwardingContract {

  private static final Instant INTERACTION =
      Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.SECONDS);

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired FailedJobs failedJobs;

  private final WebhookReceiver service = new WebhookReceiver();
  private static int tenants;

  @AfterEach
  void stop() {
    service.close();
  }

  private record Site(String host, String token) {}

  private Site site() {
    Tenant tenant = data.tenant("books" + ++tenants);
    return new Site(
        TestData.host(tenant.slug()),
        data.token(data.member("m@" + tenant.slug() + ".test", tenant), "forwarders:manage"));
  }

  private Http.Response forwarder(Site site, String body) {
    return http.post("/api/v1/forwarders").host(site.host()).bearer(site.token()).json(body).send();
  }

  private String bookStore(String path) {
    return "{\"url\":\""
        + service.url(path)
        + "\",\"event_types\":[\"add_to_cart\"],\"headers\":{\"X-Api-Key\":\"k-123\"},"
        + "\"mapping\":{\"itemId\":\"data.book_id\",\"userId\":\"session_id\","
        + "\"timestamp\":\"created_at|unix\"}}";
  }

  private void addToCart(Site site) {
    var answer =
        http.post("/api/events")
            .host(site.host())
            .json(
                "{\"type\":\"add_to_cart\",\"session_id\":\"sess-9\",\"url\":\"https://books.example/b/1\","
                    + "\"created_at\":\""
                    + INTERACTION
                    + "\",\"data\":{\"book_id\":1}}")
            .send();
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
  }

  @Test
  void anInteractionIsForwardedWithItsOwnTimeAndTheMappedFields() {
    Site site = site();
    var created = forwarder(site, bookStore("/add-to-cart"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/data/header_names/0").asString()).isEqualTo("X-Api-Key");
    assertThat(created.body()).doesNotContain("k-123");
    service.answer(201);

    addToCart(site);

    await().atMost(Duration.ofSeconds(20)).until(() -> service.at("/add-to-cart").size() == 1);
    var request = service.at("/add-to-cart").getFirst();
    JsonNode body = Http.json(request.body());
    assertThat(request.header("X-Api-Key")).isEqualTo("k-123");
    assertThat(body.get("itemId").asInt()).isEqualTo(1);
    assertThat(body.get("userId").asString()).isEqualTo("sess-9");
    assertThat(body.get("timestamp").asLong()).isEqualTo(INTERACTION.getEpochSecond());
    await().during(Duration.ofSeconds(2)).until(() -> service.at("/add-to-cart").size() == 1);
  }

  @Test
  void aServiceExpecting201ThatAnswers200FailsEveryTryKeepingTheInteractionTime() {
    Site site = site();
    assertThat(forwarder(site, bookStore("/strict")).status()).isEqualTo(201);
    service.always(200);

    addToCart(site);

    await().atMost(Duration.ofSeconds(30)).until(() -> service.at("/strict").size() == 5);
    assertThat(service.at("/strict"))
        .allSatisfy(
            r ->
                assertThat(Http.json(r.body()).get("timestamp").asLong())
                    .isEqualTo(INTERACTION.getEpochSecond()));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(failedJobs.list(100))
                    .anySatisfy(
                        job -> {
                          assertThat(job.payload()).contains("forwarding.send");
                          assertThat(job.exception()).contains("answered 200, not 201");
                        }));
    await().during(Duration.ofSeconds(2)).until(() -> service.at("/strict").size() == 5);
  }

  @Test
  void aDryRunShowsTheBodyAndBadInputIsNamed() {
    Site site = site();
    String id = forwarder(site, bookStore("/dry")).json().at("/data/id").asString();

    var dry =
        http.post("/api/v1/forwarders/" + id + "/dry-run")
            .host(site.host())
            .bearer(site.token())
            .json(
                "{\"event\":{\"session_id\":\"s\",\"created_at\":\"2026-02-25T18:00:00+00:00\","
                    + "\"data\":{\"book_id\":7}}}")
            .send();
    var bad =
        forwarder(
            site,
            "{\"url\":\"gopher://x\",\"event_types\":[],\"mapping\":{\"a\":\"no spaces\"},"
                + "\"success_status\":500,\"method\":\"GET\"}");

    assertThat(dry.status()).isEqualTo(200);
    assertThat(dry.json().at("/data/body/itemId").asInt()).isEqualTo(7);
    assertThat(dry.json().at("/data/body/timestamp").asLong()).isEqualTo(1772042400L);
    assertThat(service.received()).isEmpty();
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().get("errors").propertyNames())
        .contains("url", "event_types", "mapping.a", "success_status", "method");
  }
}
