package dev.allegro.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The oracle every {@link Http} answer goes through: it must refuse what the document does not say.
 */
class ApiContractTest {

  private static final Map<String, List<String>> JSON =
      Map.of("Content-Type", List.of("application/json"));
  private static final String TENANT =
      """
      {"data":{"id":3,"slug":"shop","name":"Shop","domains":["shop.test"],"allowed_origins":null,
       "sdk_cookie_domain":null,
       "created_at":"2026-02-25T18:00:00.123456Z"}}""";

  private final ApiContract contract = ApiContract.get();

  @Test
  void aDocumentedStatusWithItsBodyPasses() {
    var violations =
        contract.violations("GET", "/api/v1/me", 401, JSON, "{\"message\":\"Unauthenticated.\"}");

    assertThat(violations).isEmpty();
  }

  @Test
  void anUndocumentedStatusIsNamedWithTheOperation() {
    var violations = contract.violations("GET", "/api/v1/me", 409, JSON, "{\"message\":\"x\"}");

    assertThat(violations)
        .singleElement()
        .asString()
        .contains("GET /api/v1/me (me) answered 409, which it does not document");
  }

  @Test
  void aBodyThatDoesNotMatchItsSchemaIsNamedWithTheSchemasErrors() {
    var violations =
        contract.violations("GET", "/api/v1/me", 200, JSON, "{\"data\":{\"user\":{\"id\":\"2\"}}}");

    assertThat(violations).isNotEmpty();
    assertThat(violations).allMatch(v -> v.startsWith("GET /api/v1/me (me) 200 does not match"));
    assertThat(String.join("\n", violations)).contains("tenant").contains("string");
  }

  @Test
  void anErrorBodyMustHaveTheOneErrorShape() {
    var violations =
        contract.violations(
            "GET", "/api/v1/me", 404, JSON, "{\"timestamp\":1,\"status\":404,\"path\":\"/x\"}");

    assertThat(String.join("\n", violations)).contains("message");
  }

  @Test
  void pathTemplatesMatchAndReferencesResolveAgainstTheWholeDocument() {
    var valid = contract.violations("GET", "/api/v1/landlord/tenants/shop", 200, JSON, TENANT);
    var badTime =
        contract.violations(
            "GET",
            "/api/v1/landlord/tenants/shop",
            200,
            JSON,
            TENANT.replace("2026-02-25T18:00:00.123456Z", "yesterday"));

    assertThat(valid).isEmpty();
    assertThat(badTime).singleElement().asString().contains("date-time");
  }

  @Test
  void anInlineSchemaUnderATemplatedPathIsChecked() {
    String path = "/api/v1/landlord/tenants/shop/features";

    assertThat(contract.violations("GET", path, 200, JSON, "{\"data\":{\"UseRedisEvents\":true}}"))
        .isEmpty();
    assertThat(contract.violations("GET", path, 200, JSON, "{\"data\":{\"UseRedisEvents\":1}}"))
        .singleElement()
        .asString()
        .contains("showTenantFeatures");
  }

  @Test
  void aRequiredHeaderMustBeThere() {
    var violations =
        contract.violations(
            "POST", "/api/events", 429, JSON, "{\"message\":\"Too Many Attempts.\"}");

    assertThat(violations).singleElement().asString().contains("Retry-After");
  }

  @Test
  void anAnswerWithoutDocumentedContentMustHaveNoBody() {
    assertThat(contract.violations("DELETE", "/api/platform/events?count=1", 204, Map.of(), ""))
        .isEmpty();
    assertThat(contract.violations("DELETE", "/api/platform/events?count=1", 204, JSON, "{}"))
        .singleElement()
        .asString()
        .contains("documents no body");
  }

  @Test
  void theContentTypeMustBeADocumentedOne() {
    var violations =
        contract.violations(
            "GET", "/api/v1/me", 401, Map.of("Content-Type", List.of("text/html")), "<html>");

    assertThat(violations).singleElement().asString().contains("Content-Type text/html");
  }

  @Test
  void aPathTheDocumentDoesNotKnowIsNotChecked() {
    assertThat(contract.violations("GET", "/api/v1/probe", 200, JSON, "{\"ok\":\"yes\"}"))
        .isEmpty();
  }

  @Test
  void aMethodAPathDoesNotListMustBeRefusedInTheErrorShape() {
    String notAllowed =
        "{\"message\":\"The PATCH method is not supported for this route."
            + " Supported methods: GET, POST.\"}";

    var allow = Map.of("Content-Type", List.of("application/json"), "Allow", List.of("GET, POST"));

    assertThat(contract.violations("PATCH", "/api/v1/landlord/tenants", 405, allow, notAllowed))
        .isEmpty();
    assertThat(contract.violations("PATCH", "/api/v1/landlord/tenants", 405, JSON, notAllowed))
        .singleElement()
        .asString()
        .contains("Allow");
    assertThat(contract.violations("PATCH", "/api/v1/landlord/tenants", 200, JSON, "{}"))
        .singleElement()
        .asString()
        .contains("not 405");
  }

  @Test
  void checkFailsWithEveryViolation() {
    var response = new Http.Response(418, "{}", JSON);

    assertThatThrownBy(() -> contract.check("GET", "/api/v1/me", response))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("GET /api/v1/me (me) answered 418")
        .hasMessageContaining("The answer's body: {}");
  }
}
