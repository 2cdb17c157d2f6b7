package dev.allegro.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@AllegroTest
@Import(AuthenticationIT.Probe.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationIT {

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired AccessTokens tokens;
  @Autowired JdbcClient jdbc;

  Tenant acme;
  Tenant globex;
  User alice;
  String aliceToken;

  /** A tenant route that needs {@code events:read}, to check ability enforcement. */
  @TestConfiguration
  static class Probe {
    @Bean
    ReadProbe readProbe() {
      return new ReadProbe();
    }
  }

  @RestController
  static class ReadProbe {
    @GetMapping("/api/v1/probe")
    @RequiresAbility("events:read")
    Map<String, String> probe() {
      return Map.of("ok", "yes");
    }
  }

  @BeforeAll
  void givenTwoTenantsAndAMemberOfOne() {
    acme = data.tenant("acme");
    globex = data.tenant("globex");
    alice = data.member("alice@acme.test", acme);
    aliceToken = data.token(alice);
  }

  @Test
  void meAnswersWithTheTokensUserTenantAndAbilities() {
    var response = http.get("/api/v1/me").host("acme.test").bearer(aliceToken).send();

    assertThat(response.status()).isEqualTo(200);
    var me = response.json().get("data");
    assertThat(me.get("user").get("email").asString()).isEqualTo("alice@acme.test");
    assertThat(me.get("user").get("is_super_admin").asBoolean()).isFalse();
    assertThat(me.get("tenant").get("slug").asString()).isEqualTo("acme");
    assertThat(me.get("abilities").get(0).asString()).isEqualTo("*");
  }

  @Test
  void everyMissingOrMalformedTokenIsUnauthenticated() {
    String id = aliceToken.substring(0, aliceToken.indexOf('|'));
    String secret = aliceToken.substring(aliceToken.indexOf('|') + 1);
    for (String header :
        new String[] {
          null,
          "",
          "Bearer",
          "Bearer ",
          "Basic " + aliceToken,
          "Bearer nonsense",
          "Bearer " + id + "|short",
          "Bearer " + id + "|" + "x".repeat(40),
          "Bearer 999999|" + secret,
          "Bearer " + aliceToken + "x",
        }) {
      var call = http.get("/api/v1/me").host("acme.test");
      if (header != null) {
        call.header("Authorization", header);
      }
      var response = call.send();

      assertThat(response.status()).as(String.valueOf(header)).isEqualTo(401);
      assertThat(response.body()).isEqualTo("{\"message\":\"Unauthenticated.\"}");
    }
  }

  @Test
  void bearerSchemeIsCaseInsensitive() {
    var response =
        http.get("/api/v1/me")
            .host("acme.test")
            .header("Authorization", "bearer " + aliceToken)
            .send();

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void expiredTokenIsUnauthenticated() {
    String token = data.tokenExpiringAt(alice, Instant.now().plusSeconds(3600));
    jdbc.sql(
            "UPDATE personal_access_tokens SET expires_at = now() - interval '1 second'"
                + " WHERE id = ?")
        .param(idOf(token))
        .update();

    var response = http.get("/api/v1/me").host("acme.test").bearer(token).send();

    assertThat(response.status()).isEqualTo(401);
  }

  @Test
  void revokedTokenIsUnauthenticatedAtOnce() {
    String token = data.token(alice);
    assertThat(http.get("/api/v1/me").host("acme.test").bearer(token).send().status())
        .isEqualTo(200);

    tokens.revoke(idOf(token));

    assertThat(http.get("/api/v1/me").host("acme.test").bearer(token).send().status())
        .isEqualTo(401);
  }

  @Test
  void tokenOfTenantAOnTenantBsHostIsForbidden() {
    var response = http.get("/api/v1/me").host("globex.test").bearer(aliceToken).send();

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.body()).isEqualTo("{\"message\":\"This action is unauthorized.\"}");
  }

  @Test
  void superAdminMayViewEveryTenant() {
    String admin = data.token(data.superAdmin("root@allegro.test"));

    assertThat(http.get("/api/v1/me").host("acme.test").bearer(admin).send().status())
        .isEqualTo(200);
    assertThat(http.get("/api/v1/me").host("globex.test").bearer(admin).send().status())
        .isEqualTo(200);
  }

  @Test
  void tokenWithoutTheRoutesAbilityIsForbidden() {
    String writeOnly = data.token(alice, "events:write");
    String reader = data.token(alice, "events:read", "events:delete");

    assertThat(http.get("/api/v1/probe").host("acme.test").bearer(writeOnly).send().status())
        .isEqualTo(403);
    assertThat(http.get("/api/v1/probe").host("acme.test").bearer(reader).send().status())
        .isEqualTo(200);
    assertThat(http.get("/api/v1/probe").host("acme.test").bearer(aliceToken).send().status())
        .isEqualTo(200);
  }

  @Test
  void nonSuperAdminIsForbiddenFromTheLandlordApi() {
    var response = http.get("/api/v1/landlord/tenants").bearer(aliceToken).send();

    assertThat(response.status()).isEqualTo(403);
  }

  @Test
  void storedTokenIsTheSha256OfTheSecretOnly() {
    var created = tokens.create(alice.id(), "stored", Abilities.ALL, null);
    String secret = created.plainText().substring(created.plainText().indexOf('|') + 1);

    String stored =
        jdbc.sql("SELECT token FROM personal_access_tokens WHERE id = ?")
            .param(created.id())
            .query(String.class)
            .single();

    assertThat(created.plainText()).matches(created.id() + "\\|[A-Za-z0-9]{40}");
    assertThat(stored).isEqualTo(TokenSecrets.sha256Hex(secret)).doesNotContain(secret);
  }

  @Test
  void lastUseIsRecordedWithoutAWritePerRequest() {
    String token = data.token(alice);
    long id = idOf(token);

    http.get("/api/v1/me").host("acme.test").bearer(token).send();

    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                jdbc.sql("SELECT last_used_at IS NOT NULL FROM personal_access_tokens WHERE id = ?")
                    .param(id)
                    .query(Boolean.class)
                    .single());
  }

  private static long idOf(String token) {
    return Long.parseLong(token.substring(0, token.indexOf('|')));
  }
}
