package dev.allegro.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@AllegroTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeatureFlagsIT {

  @Autowired FeatureFlags flags;
  @Autowired TestData data;
  @Autowired Http http;
  @Autowired JdbcClient jdbc;

  String admin;

  @BeforeAll
  void givenASuperAdmin() {
    admin = data.token(data.superAdmin("root@allegro.test"));
  }

  @Test
  void featuresStartAtTheirDefaultOff() {
    Tenant tenant = data.tenant("fresh");

    assertThat(flags.isActive(FeatureFlag.USE_REDIS_EVENTS, tenant.id())).isFalse();
    assertThat(flags.isActive(FeatureFlag.SDK_HEARTBEAT, tenant.id())).isFalse();
  }

  @Test
  void activationIsPerTenant() {
    Tenant on = data.tenant("on");
    Tenant off = data.tenant("off");

    flags.activate(FeatureFlag.USE_REDIS_EVENTS, on.id());

    assertThat(flags.isActive(FeatureFlag.USE_REDIS_EVENTS, on.id())).isTrue();
    assertThat(flags.isActive(FeatureFlag.USE_REDIS_EVENTS, off.id())).isFalse();
    assertThat(flags.isActive(FeatureFlag.SDK_HEARTBEAT, on.id())).isFalse();

    flags.deactivate(FeatureFlag.USE_REDIS_EVENTS, on.id());

    assertThat(flags.isActive(FeatureFlag.USE_REDIS_EVENTS, on.id())).isFalse();
  }

  @Test
  void valuesAreCachedAndAStoreChangeIsSeenWithinOneSecond() {
    Tenant tenant = data.tenant("cached");
    assertThat(flags.isActive(FeatureFlag.SDK_HEARTBEAT, tenant.id())).isFalse();

    // Written behind the service's back: no invalidation, only the cache's own expiry.
    jdbc.sql("INSERT INTO features (name, tenant_id, active) VALUES ('SdkHeartbeat', ?, true)")
        .param(tenant.id().value())
        .update();

    assertThat(flags.isActive(FeatureFlag.SDK_HEARTBEAT, tenant.id()))
        .as("served from the cache, not the database")
        .isFalse();
    await()
        .atMost(Duration.ofMillis(1500))
        .until(() -> flags.isActive(FeatureFlag.SDK_HEARTBEAT, tenant.id()));
  }

  @Test
  void landlordApiSwitchesAFeatureForOneTenantOrAll() {
    Tenant one = data.tenant("api-one");
    Tenant two = data.tenant("api-two");

    var single =
        http.post("/api/v1/landlord/features/SdkHeartbeat/activate")
            .bearer(admin)
            .json("{\"tenant\":\"api-one\"}")
            .send();
    assertThat(single.status()).isEqualTo(200);
    assertThat(flags.isActive(FeatureFlag.SDK_HEARTBEAT, one.id())).isTrue();
    assertThat(flags.isActive(FeatureFlag.SDK_HEARTBEAT, two.id())).isFalse();

    var all =
        http.post("/api/v1/landlord/features/UseRedisEvents/activate")
            .bearer(admin)
            .json("{\"all\":true}")
            .send();
    assertThat(all.status()).isEqualTo(200);
    assertThat(flags.isActive(FeatureFlag.USE_REDIS_EVENTS, one.id())).isTrue();
    assertThat(flags.isActive(FeatureFlag.USE_REDIS_EVENTS, two.id())).isTrue();

    var read = http.get("/api/v1/landlord/tenants/api-one/features").bearer(admin).send();
    assertThat(read.json().at("/data/SdkHeartbeat").asBoolean()).isTrue();
  }

  @Test
  void landlordApiRefusesValuesOfTheWrongTypeAndNulCharacters() {
    var all =
        http.post("/api/v1/landlord/features/SdkHeartbeat/activate")
            .bearer(admin)
            .json("{\"all\":\"yes\",\"tenant\":5}")
            .send();
    var array =
        http.post("/api/v1/landlord/features/SdkHeartbeat/activate")
            .bearer(admin)
            .json("[]")
            .send();
    var nul =
        http.post("/api/v1/landlord/features/SdkHeartbeat/deactivate")
            .bearer(admin)
            .json("{\"tenant\":\"a\\u0000b\"}")
            .send();

    assertThat(all.status()).isEqualTo(422);
    assertThat(all.json().at("/errors/all/0").asString())
        .isEqualTo("The all field must be true or false.");
    assertThat(all.json().at("/errors/tenant/0").asString())
        .isEqualTo("The tenant field must be a string.");
    assertThat(array.status()).isEqualTo(422);
    assertThat(nul.status()).isEqualTo(404);
    assertThat(nul.json().get("message").asString()).startsWith("No tenant with id or slug");
  }

  @Test
  void landlordApiRefusesUnknownFeaturesAndAmbiguousTargets() {
    data.tenant("api-bad");

    assertThat(
            http.post("/api/v1/landlord/features/NoSuchThing/activate")
                .bearer(admin)
                .json("{\"tenant\":\"api-bad\"}")
                .send()
                .status())
        .isEqualTo(404);
    var neither =
        http.post("/api/v1/landlord/features/SdkHeartbeat/activate")
            .bearer(admin)
            .json("{}")
            .send();
    assertThat(neither.status()).isEqualTo(422);
    assertThat(neither.json().at("/errors/tenant/0").asString()).contains("either");
  }
}
