package dev.allegro.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

@AllegroTest
@TestPropertySource(properties = "allegro.trusted-proxies=10.9.9.9")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostResolutionIT {

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Tenants tenants;

  String token;
  String adminToken;

  @BeforeAll
  void givenATenantAndItsMember() {
    var acme = data.tenant("acme");
    token = data.token(data.member("alice@acme.test", acme));
    adminToken = data.token(data.superAdmin("root@allegro.test"));
  }

  @Test
  void hostSelectsTheTenantIgnoringPortAndCase() {
    for (String host : new String[] {"acme.test", "acme.test:8080", "ACME.Test"}) {
      var response = http.get("/api/v1/me").host(host).bearer(token).send();

      assertThat(response.status()).as(host).isEqualTo(200);
      assertThat(response.json().at("/data/tenant/slug").asString()).isEqualTo("acme");
    }
  }

  @Test
  void unknownHostIsNotFoundAsJson() {
    var response = http.get("/api/v1/me").host("nobody.test").bearer(token).send();

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.header("Content-Type")).startsWith("application/json");
    assertThat(response.json().get("message").asString()).contains("nobody.test");
  }

  @Test
  void forwardedHostFromAnUntrustedClientIsIgnored() {
    var response =
        http.get("/api/v1/me")
            .host("nobody.test")
            .header("X-Forwarded-Host", "acme.test")
            .bearer(token)
            .send();

    assertThat(response.status()).isEqualTo(404);
  }

  @Test
  void landlordRoutesAnswerOnlyOnLandlordHosts() {
    assertThat(http.get("/api/v1/landlord/tenants").bearer(adminToken).send().status())
        .isEqualTo(200);
    assertThat(
            http.get("/api/v1/landlord/tenants")
                .host("acme.test")
                .bearer(adminToken)
                .send()
                .status())
        .isEqualTo(404);
  }

  @Test
  void tenantRoutesAnswerOnlyOnTenantHosts() {
    var response = http.get("/api/v1/me").host("localhost").bearer(adminToken).send();

    assertThat(response.status()).isEqualTo(404);
  }

  @Test
  void aNewDomainIsServedAtOnceAndARemovedOneNoLonger() {
    var acme = tenants.require("acme");
    tenants.addDomain(acme, "shop.acme.test");
    assertThat(http.get("/api/v1/me").host("shop.acme.test").bearer(token).send().status())
        .isEqualTo(200);

    tenants.removeDomain(acme, "shop.acme.test");

    assertThat(http.get("/api/v1/me").host("shop.acme.test").bearer(token).send().status())
        .isEqualTo(404);
  }
}
