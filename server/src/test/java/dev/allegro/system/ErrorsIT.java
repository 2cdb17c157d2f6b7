package dev.allegro.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@AllegroTest
class ErrorsIT {

  @Autowired Http http;
  @Autowired TestData data;

  @Test
  void unknownRouteIsNotFoundAsJson() {
    var response = http.get("/api/v1/landlord/nothing-here").send();

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().get("message").asString()).contains("could not be found");
  }

  @Test
  void theErrorPathAskedDirectlyIsNotFoundAsJson() {
    for (String host : new String[] {"localhost", "nobody.test"}) {
      var response = http.get("/error").host(host).send();

      assertThat(response.status()).as(host).isEqualTo(404);
      assertThat(response.header("Content-Type")).startsWith("application/json");
      assertThat(response.json().get("message").asString()).isNotBlank();
    }
  }

  @Test
  void malformedJsonIsABadRequestWithoutInternals() {
    String admin = data.token(data.superAdmin("root@allegro.test"));

    var response =
        http.post("/api/v1/landlord/tenants").bearer(admin).json("{\"slug\": oops").send();

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("message").asString())
        .isEqualTo("The request body is not valid JSON.");
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.");
  }

  @Test
  void wrongMethodIsMethodNotAllowedAsJsonNamingTheAllowedOnes() {
    String admin = data.token(data.superAdmin("other@allegro.test"));

    var response = http.patch("/api/v1/landlord/tenants").bearer(admin).json("{}").send();

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.json().get("message").asString()).contains("PATCH");
    assertThat(response.header("Allow")).isEqualTo("GET, POST");
  }
}
