package dev.allegro.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The landlord's app API: apps, their tokens and installs. */
@AllegroTest
class AppApiIT {

  private static final String LANDLORD = "localhost";

  @Autowired Http http;
  @Autowired TestData data;

  private String admin;

  @BeforeEach
  void givenASuperAdmin() {
    admin = data.token(data.superAdmin("root-" + System.nanoTime() + "@apps.test"));
  }

  private Http.Response post(String path, String json) {
    return http.post(path).host(LANDLORD).bearer(admin).json(json).send();
  }

  @Test
  void aPublicAppIsCreatedListedGivenATokenAndInstalled() {
    data.tenant("shop-a");

    var created = post("/api/v1/landlord/apps", "{\"name\":\"Insights\",\"type\":\"public\"}");
    assertThat(created.status()).isEqualTo(201);
    long id = created.json().path("data").path("id").asLong();
    assertThat(created.json().path("data").path("type").asString()).isEqualTo("public");
    assertThat(created.json().path("data").path("tenant").isNull()).isTrue();

    var token = post("/api/v1/landlord/apps/Insights/tokens", "{\"name\":\"reader\"}");
    assertThat(token.status()).isEqualTo(201);
    assertThat(token.json().path("data").path("token").asString()).matches("\\d+\\|\\w{40}");
    assertThat(token.json().path("data").path("abilities").toString())
        .isEqualTo("[\"queues:manage\",\"queues:pull\"]");

    var installed = post("/api/v1/landlord/apps/" + id + "/installs", "{\"tenant\":\"shop-a\"}");
    assertThat(installed.status()).isEqualTo(201);
    assertThat(installed.json().path("data").path("installs").toString()).isEqualTo("[\"shop-a\"]");

    var list = http.get("/api/v1/landlord/apps").host(LANDLORD).bearer(admin).send();
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().path("data").toString()).contains("\"name\":\"Insights\"");

    var uninstalled =
        http.delete("/api/v1/landlord/apps/Insights/installs/shop-a")
            .host(LANDLORD)
            .bearer(admin)
            .send();
    assertThat(uninstalled.status()).isEqualTo(204);
    var shown = http.get("/api/v1/landlord/apps/" + id).host(LANDLORD).bearer(admin).send();
    assertThat(shown.json().path("data").path("installs").toString()).isEqualTo("[]");
  }

  @Test
  void aTenantsTokenWithAppsManageInstallsAndUninstallsAPublicAppOnItsHost() {
    var tenant = data.tenant("shop-t");
    data.tenant("shop-u");
    var user = data.member("owner@shop-t.test", tenant);
    String manager = data.token(user, "apps:manage");
    String reader = data.token(user, "events:read");
    post("/api/v1/landlord/apps", "{\"name\":\"Recommender\",\"type\":\"public\"}");
    post(
        "/api/v1/landlord/apps",
        "{\"name\":\"Their Tool\",\"type\":\"in-house\",\"tenant\":\"shop-u\"}");
    String host = TestData.host("shop-t");

    var installed = http.post("/api/v1/apps/Recommender/install").host(host).bearer(manager).send();
    assertThat(installed.status()).isEqualTo(200);
    assertThat(installed.json().path("data").path("installed").asBoolean()).isTrue();
    var landlordView =
        http.get("/api/v1/landlord/apps/Recommender").host(LANDLORD).bearer(admin).send();
    assertThat(landlordView.json().path("data").path("installs").toString())
        .isEqualTo("[\"shop-t\"]");

    // without the ability, or for another tenant's in-house app, nothing happens
    assertThat(
            http.post("/api/v1/apps/Recommender/install").host(host).bearer(reader).send().status())
        .isEqualTo(403);
    var hidden = http.post("/api/v1/apps/Their%20Tool/install").host(host).bearer(manager).send();
    assertThat(hidden.status()).isEqualTo(404);
    assertThat(hidden.json().path("message").asString()).contains("No app");
    assertThat(http.get("/api/v1/apps/nothing").host(host).bearer(manager).send().status())
        .isEqualTo(404);

    var uninstalled =
        http.delete("/api/v1/apps/Recommender/install").host(host).bearer(manager).send();
    assertThat(uninstalled.status()).isEqualTo(204);
    var shown = http.get("/api/v1/apps/Recommender").host(host).bearer(manager).send();
    assertThat(shown.json().path("data").path("installed").asBoolean()).isFalse();
  }

  @Test
  void anInHouseAppBelongsToItsTenantAndIsNotInstalled() {
    data.tenant("shop-b");

    var created =
        post(
            "/api/v1/landlord/apps",
            "{\"name\":\"Backoffice\",\"type\":\"in-house\",\"tenant\":\"shop-b\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("data").path("tenant").asString()).isEqualTo("shop-b");

    var install = post("/api/v1/landlord/apps/Backoffice/installs", "{\"tenant\":\"shop-b\"}");
    assertThat(install.status()).isEqualTo(422);
    assertThat(install.json().path("errors").has("tenant")).isTrue();
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    var noType = post("/api/v1/landlord/apps", "{\"name\":\"Typeless\"}");
    assertThat(noType.status()).isEqualTo(422);
    assertThat(noType.json().path("errors").has("type")).isTrue();

    var noTenant = post("/api/v1/landlord/apps", "{\"name\":\"Lonely\",\"type\":\"in-house\"}");
    assertThat(noTenant.status()).isEqualTo(422);
    assertThat(noTenant.json().path("errors").has("tenant")).isTrue();

    var badName = post("/api/v1/landlord/apps", "{\"name\":\"\",\"type\":\"public\"}");
    assertThat(badName.json().path("errors").has("name")).isTrue();

    post("/api/v1/landlord/apps", "{\"name\":\"Twice\",\"type\":\"public\"}");
    var twice = post("/api/v1/landlord/apps", "{\"name\":\"Twice\",\"type\":\"public\"}");
    assertThat(twice.status()).isEqualTo(422);
    assertThat(twice.json().path("errors").has("name")).isTrue();

    var badAbility =
        post("/api/v1/landlord/apps/Twice/tokens", "{\"name\":\"t\",\"abilities\":[\"no way\"]}");
    assertThat(badAbility.status()).isEqualTo(422);
    assertThat(badAbility.json().path("errors").has("abilities")).isTrue();

    var unknownTenant = post("/api/v1/landlord/apps/Twice/installs", "{\"tenant\":\"nobody\"}");
    assertThat(unknownTenant.status()).isEqualTo(422);
    assertThat(unknownTenant.json().path("errors").has("tenant")).isTrue();

    var missing = http.get("/api/v1/landlord/apps/nothing").host(LANDLORD).bearer(admin).send();
    assertThat(missing.status()).isEqualTo(404);
  }

  @Test
  void onlyASuperAdminManagesApps() {
    var tenant = data.tenant("shop-c");
    String member = data.token(data.member("m@shop-c.test", tenant));

    var refused =
        http.post("/api/v1/landlord/apps")
            .host(LANDLORD)
            .bearer(member)
            .json("{\"name\":\"Sneaky\",\"type\":\"public\"}")
            .send();

    assertThat(refused.status()).isEqualTo(403);
  }
}
