package dev.allegro.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.Prometheus;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The webhook endpoints API as a production deployment runs it: no private targets. */
@AllegroTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(
    properties = {"allegro.roles=web,worker", "allegro.webhooks.allow-private=false"})
class WebhookApiIT {

  private static final String HOST = TestData.host("api");

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired JdbcClient jdbc;

  private final WebhookReceiver receiver = new WebhookReceiver();
  private Tenant tenant;
  private String token;
  private String foreigner;
  private String readOnly;

  @BeforeAll
  void givenATenantWithTokens() {
    tenant = data.tenant("api");
    var other = data.tenant("elsewhere");
    var member = data.member("m@api.test", tenant);
    token = data.token(member, "webhooks:manage");
    readOnly = data.token(member, "events:read");
    foreigner = data.token(data.member("m@elsewhere.test", other));
  }

  @AfterAll
  void stopReceiver() {
    receiver.close();
  }

  private Http.Response create(String body) {
    return http.post("/api/v1/webhooks").host(HOST).bearer(token).json(body).send();
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    var ftp = create("{\"url\":\"ftp://shop.example/x\",\"event_types\":[\"*\"]}");
    var noTypes = create("{\"url\":\"https://shop.example/x\"}");
    var badType =
        create("{\"url\":\"https://shop.example/x\",\"event_types\":[\"*\",\"no spaces\"]}");
    var notString = create("{\"url\":5,\"event_types\":[\"*\"]}");

    assertThat(ftp.status()).isEqualTo(422);
    assertThat(ftp.json().at("/errors/url/0").asString())
        .isEqualTo("The url field must be an http or https URL.");
    assertThat(noTypes.status()).isEqualTo(422);
    assertThat(noTypes.json().at("/errors/event_types/0").asString()).contains("required");
    assertThat(badType.json().at("/errors").has("event_types.1")).isTrue();
    assertThat(notString.json().at("/errors").has("url")).isTrue();
  }

  @Test
  void aUrlThatResolvesToAPrivateAddressIsRefusedAtRegistration() {
    for (String url :
        new String[] {
          "http://localhost:8080/hook",
          "http://127.0.0.1/hook",
          "http://10.0.0.8/hook",
          "http://169.254.169.254/latest/meta-data",
          "http://100.64.0.1/hook",
          "http://[::1]/hook",
          "http://192.168.1.1/hook"
        }) {
      var answer = create("{\"url\":\"" + url + "\",\"event_types\":[\"*\"]}");
      assertThat(answer.status()).as(url).isEqualTo(422);
      assertThat(answer.json().at("/errors/url/0").asString()).as(url).contains("resolves to");
    }
  }

  @Test
  void aUrlThatTurnedPrivateIsRefusedAgainAtDelivery() {
    UUID id = UUID.randomUUID();
    // Registered while its host was public; its host name now resolves to loopback.
    jdbc.sql(
            "INSERT INTO webhook_endpoints (id, tenant_id, url, event_types, secret)"
                + " VALUES (:id, :tenant, :url, ARRAY['*'], :secret)")
        .param("id", id)
        .param("tenant", tenant.id().value())
        .param("url", "http://localhost:" + receiver.port() + "/rebound")
        .param("secret", "whsec_" + "A".repeat(43) + "=")
        .update();

    var ping = http.post("/api/v1/webhooks/" + id + "/ping").host(HOST).bearer(token).send();

    assertThat(ping.status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              var deliveries =
                  http.get("/api/v1/webhooks/" + id + "/deliveries")
                      .host(HOST)
                      .bearer(token)
                      .send();
              assertThat(deliveries.json().at("/data/0/attempts/0/error").asString())
                  .startsWith("Refused: the URL host localhost resolves to");
            });
    assertThat(receiver.received()).isEmpty();
    assertThat(
            Prometheus.scrape(http)
                .value("allegro_webhooks_attempts_total", java.util.Map.of("outcome", "refused")))
        .as("refusals show on the metrics")
        .isGreaterThanOrEqualTo(1.0);
    jdbc.sql("DELETE FROM webhook_endpoints WHERE id = :id").param("id", id).update();
  }

  @Test
  void theEndpointsNeedTheAbilityAndStayWithinTheirTenant() {
    String unknown = "/api/v1/webhooks/" + UUID.randomUUID();

    assertThat(http.get("/api/v1/webhooks").host(HOST).bearer(readOnly).send().status())
        .isEqualTo(403);
    assertThat(http.get("/api/v1/webhooks").host(HOST).bearer(foreigner).send().status())
        .isEqualTo(403);
    assertThat(http.get("/api/v1/webhooks").host(HOST).send().status()).isEqualTo(401);
    var missing = http.get(unknown).host(HOST).bearer(token).send();
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("message").asString()).contains("No webhook endpoint");
    assertThat(http.get("/api/v1/webhooks/not-a-uuid").host(HOST).bearer(token).send().status())
        .isEqualTo(404);
    assertThat(http.delete(unknown).host(HOST).bearer(token).send().status()).isEqualTo(404);
  }
}
