package dev.allegro.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.ApiContract;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The served API reference is the committed {@code docs/openapi.yaml}, with the request's origin as
 * its one server, on the landlord's hosts at {@code /openapi.json} and on each tenant's host at
 * {@code /api/openapi.json}; {@code /docs/api} shows it with Swagger UI from the jar.
 */
@AllegroTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = "allegro.trusted-proxies=10.9.9.9")
class OpenApiServedIT {

  private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"");

  @Autowired Http http;
  @Autowired TestData data;

  private JsonNode committed;

  @BeforeAll
  void givenATenantAndTheCommittedDocument() throws IOException {
    data.tenant("shop");
    try (InputStream in = Files.newInputStream(Path.of("..", "docs", "openapi.yaml"))) {
      committed = withoutServers(ApiContract.read(in));
    }
  }

  private static JsonNode withoutServers(JsonNode document) {
    ObjectNode copy = (ObjectNode) document.deepCopy();
    copy.remove("servers");
    return copy;
  }

  @Test
  void theLandlordHostServesTheCommittedDocumentWithItsOwnOrigin() {
    var response = http.get("/openapi.json").host("localhost:8080").send();

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("application/json");
    assertThat(response.header("Cache-Control")).contains("max-age=300");
    assertThat(response.json().get("servers").toString())
        .isEqualTo("[{\"url\":\"http://localhost:8080\"}]");
    assertThat(withoutServers(response.json())).isEqualTo(committed);
  }

  @Test
  void aTenantHostServesTheSameDocumentWithTheTenantsOrigin() {
    var response = http.get("/api/openapi.json").host("shop.test").send();

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("servers").toString())
        .isEqualTo("[{\"url\":\"http://shop.test\"}]");
    assertThat(withoutServers(response.json())).isEqualTo(committed);
  }

  @Test
  void eachKindOfHostServesOnlyItsOwnCopy() {
    var landlordsOnATenant = http.get("/openapi.json").host("shop.test").send();
    var tenantsOnTheLandlord = http.get("/api/openapi.json").host("localhost").send();
    var unknown = http.get("/api/openapi.json").host("nobody.test").send();

    for (var response : List.of(landlordsOnATenant, tenantsOnTheLandlord, unknown)) {
      assertThat(response.status()).isEqualTo(404);
      assertThat(response.header("Content-Type")).startsWith("application/json");
    }
    assertThat(landlordsOnATenant.json().get("message").asString()).contains("/api/openapi.json");
    assertThat(tenantsOnTheLandlord.json().get("message").asString())
        .isEqualTo("This endpoint is served on a tenant's host.");
  }

  @Test
  void forwardedHeadersOfAnUntrustedClientDoNotChangeTheServer() {
    var response =
        http.get("/api/openapi.json")
            .host("shop.test")
            .header("X-Forwarded-Host", "evil.example")
            .header("X-Forwarded-Proto", "https")
            .send();

    assertThat(response.json().at("/servers/0/url").asString()).isEqualTo("http://shop.test");
  }

  @Test
  void theReferencePageShowsTheHostsDocumentWithSwaggerUiFromTheJar() {
    var landlord = http.get("/docs/api").header("Accept", "text/html").send();
    var tenant = http.get("/docs/api").host("shop.test").header("Accept", "text/html").send();

    for (var page : List.of(landlord, tenant)) {
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header("Content-Type")).startsWith("text/html");
      assertThat(page.body()).contains("/webjars/swagger-ui/swagger-ui-bundle.js");
    }
    assertThat(landlord.body()).contains("url: \"/openapi.json\"");
    assertThat(tenant.body()).contains("url: \"/api/openapi.json\"");
    var assets = new ArrayList<String>();
    ASSET.matcher(tenant.body()).results().forEach(asset -> assets.add(asset.group(1)));
    assertThat(assets).hasSizeGreaterThanOrEqualTo(2);
    for (String asset : assets) {
      var response = http.get(asset).host("shop.test").header("Accept", "*/*").send();

      assertThat(response.status()).as(asset).isEqualTo(200);
      assertThat(response.body()).as(asset).isNotBlank();
    }
  }
}
