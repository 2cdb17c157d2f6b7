package dev.allegro.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

class JsonBodyResolverTest {

  record Body(
      String name,
      List<String> domains,
      Boolean all,
      long count,
      JsonNode allowedOrigins,
      @JsonProperty("renamed") String other) {}

  @SuppressWarnings("unused")
  void handler(@JsonBody Body body) {}

  private final JsonBodyResolver resolver =
      new JsonBodyResolver(
          JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build());

  private Object bind(String contentType, String json) throws Exception {
    var request = new MockHttpServletRequest("POST", "/");
    request.setContentType(contentType);
    request.setContent(json.getBytes(StandardCharsets.UTF_8));
    var parameter = new MethodParameter(getClass().getDeclaredMethod("handler", Body.class), 0);
    return resolver.resolveArgument(parameter, null, new ServletWebRequest(request), null);
  }

  private Body bind(String json) throws Exception {
    return (Body) bind("application/json", json);
  }

  private Map<String, List<String>> errors(String json) {
    return catchThrowableOfType(ValidationException.class, () -> bind(json)).errors();
  }

  @Test
  void fieldsAreBoundUnderTheirJsonNames() throws Exception {
    Body body =
        bind(
            "{\"name\":\"N\",\"domains\":[\"a.test\"],\"all\":true,\"count\":3,"
                + "\"allowed_origins\":[\"https://x\"],\"renamed\":\"r\",\"unknown\":1}");

    assertThat(body.name()).isEqualTo("N");
    assertThat(body.domains()).containsExactly("a.test");
    assertThat(body.all()).isTrue();
    assertThat(body.count()).isEqualTo(3);
    assertThat(body.allowedOrigins().isArray()).isTrue();
    assertThat(body.other()).isEqualTo("r");
  }

  @Test
  void anAbsentFieldIsNullAnExplicitNullReachesAJsonNodeAsNullNode() throws Exception {
    Body absent = bind("{}");
    Body explicit = bind("{\"allowed_origins\":null,\"name\":null}");

    assertThat(absent.allowedOrigins()).isNull();
    assertThat(absent.count()).isZero();
    assertThat(explicit.allowedOrigins().isNull()).isTrue();
    assertThat(explicit.name()).isNull();
  }

  @Test
  void everyFieldOfTheWrongTypeIsNamedAndNothingIsCoerced() {
    assertThat(
            errors(
                "{\"name\":5,\"domains\":[\"a\",true],\"all\":\"true\",\"count\":\"3\","
                    + "\"renamed\":{}}"))
        .containsOnly(
            Map.entry("name", List.of("The name field must be a string.")),
            Map.entry("domains.1", List.of("The domains.1 field must be a string.")),
            Map.entry("all", List.of("The all field must be true or false.")),
            Map.entry("count", List.of("The count field must be an integer.")),
            Map.entry("renamed", List.of("The renamed field must be a string.")));
    assertThat(errors("{\"domains\":\"a\"}"))
        .containsEntry("domains", List.of("The domains field must be an array."));
    assertThat(errors("{\"count\":100000000000000000000}"))
        .containsOnly(
            Map.entry("count", List.of("The count field is out of range for an integer.")));
  }

  @Test
  void jsonThatIsNotAnObjectIsRefusedWholeAndWhatIsNotJsonIsABadRequest() {
    for (String notAnObject : new String[] {"[]", "\"x\"", "5", "null"}) {
      assertThat(errors(notAnObject))
          .as(notAnObject)
          .containsOnly(Map.entry("body", List.of("The request body must be a JSON object.")));
    }
    for (String notJson : new String[] {"{\"name\":", "", "nope"}) {
      assertThat(catchThrowableOfType(ApiException.class, () -> bind(notJson)).status().value())
          .as(notJson)
          .isEqualTo(400);
    }
    assertThat(
            catchThrowableOfType(ApiException.class, () -> bind("text/plain", "{}"))
                .status()
                .value())
        .isEqualTo(415);
  }
}
