package dev.allegro.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.auth.RequiresAbility;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.ApiContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Every route the running application serves on the API's port is in {@code docs/openapi.yaml}, and
 * every operation there is served: an endpoint added without its documentation, or documented and
 * gone, fails here. Routes are read from every request mapping of the main context (the
 * controllers' and the probes {@code /livez} and {@code /readyz} that the actuator maps there);
 * handlers from the test class path and the error path are no API.
 */
@AllegroTest
class OpenApiCoverageIT {

  private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::([^}]*))?}");
  private static final Pattern ALTERNATIVES = Pattern.compile("[A-Za-z0-9_-]+(\\|[A-Za-z0-9_-]+)+");

  @Autowired ApplicationContext context;

  private final ApiContract contract = ApiContract.get();

  /** One route: method and path template as the document writes them, and its handler. */
  record Route(String method, String path, HandlerMethod handler) {
    String key() {
      return method + " " + path;
    }
  }

  private List<Route> routes() {
    var routes = new ArrayList<Route>();
    var testClasses = OpenApiCoverageIT.class.getProtectionDomain().getCodeSource().getLocation();
    context
        .getBeansOfType(RequestMappingInfoHandlerMapping.class)
        .values()
        .forEach(
            mapping ->
                mapping
                    .getHandlerMethods()
                    .forEach(
                        (info, handler) -> {
                          var source = handler.getBeanType().getProtectionDomain().getCodeSource();
                          boolean fromTests =
                              source != null && testClasses.equals(source.getLocation());
                          if (!fromTests
                              && !ErrorController.class.isAssignableFrom(handler.getBeanType())) {
                            routes.addAll(routes(info, handler));
                          }
                        }));
    return routes;
  }

  private static List<Route> routes(RequestMappingInfo info, HandlerMethod handler) {
    var methods = info.getMethodsCondition().getMethods();
    assertThat(methods)
        .as("%s maps every method; give it the methods it serves", handler)
        .isNotEmpty();
    var routes = new ArrayList<Route>();
    for (String pattern : info.getPatternValues()) {
      for (String path : expand(pattern)) {
        for (RequestMethod method : methods) {
          routes.add(new Route(method.name(), path, handler));
        }
      }
    }
    return routes;
  }

  /**
   * {@code /api/platform/{queue:events|heartbeats}} is two paths of the document; any other {@code
   * {name:regex}} is the document's {@code {name}}.
   */
  static List<String> expand(String pattern) {
    Matcher variable = VARIABLE.matcher(pattern);
    while (variable.find()) {
      String regex = variable.group(2);
      if (regex != null && ALTERNATIVES.matcher(regex).matches()) {
        var paths = new ArrayList<String>();
        for (String alternative : regex.split("\\|")) {
          paths.addAll(
              expand(
                  pattern.substring(0, variable.start())
                      + alternative
                      + pattern.substring(variable.end())));
        }
        return paths;
      }
    }
    return List.of(VARIABLE.matcher(pattern).replaceAll("{$1}"));
  }

  @Test
  void everyRouteTheApplicationServesIsInTheDocument() {
    var missing = new TreeSet<String>();
    for (Route route : routes()) {
      var operation = contract.operation(route.method(), route.path());
      if (operation.isEmpty() || !operation.get().path().equals(route.path())) {
        missing.add(route.key() + " (" + route.handler() + ")");
      }
    }

    assertThat(missing).as("routes missing from docs/openapi.yaml").isEmpty();
    assertThat(routes()).as("the routes were found at all").hasSizeGreaterThan(20);
  }

  @Test
  void everyOperationOfTheDocumentIsServed() {
    var served = new TreeSet<String>();
    routes().forEach(route -> served.add(route.key()));
    var unserved = new TreeSet<String>();
    for (ApiContract.Operation operation : contract.operations()) {
      String key = operation.method().toUpperCase(Locale.ROOT) + " " + operation.path();
      if (!served.contains(key)) {
        unserved.add(operation.toString());
      }
    }

    assertThat(unserved).as("operations of docs/openapi.yaml no route serves").isEmpty();
  }

  @Test
  void eachOperationNamesTheAbilityItsHandlerRequires() {
    Map<String, String> wrong = new TreeMap<>();
    for (Route route : routes()) {
      var found = contract.operation(route.method(), route.path());
      if (found.isEmpty()) {
        continue; // missing from the document: the test above names it
      }
      var operation = found.get();
      String required = ability(route.handler());
      List<String> documented = new ArrayList<>();
      boolean bearer = false;
      for (JsonNode requirement : operation.node().path("security")) {
        if (requirement.has("bearerAuth")) {
          bearer = true;
          requirement.get("bearerAuth").forEach(role -> documented.add(role.asString()));
        }
      }
      List<String> expected = required == null ? List.of() : List.of(required);
      if (!documented.equals(expected) || (required != null && !bearer)) {
        wrong.put(operation.toString(), "code requires " + expected + ", document " + documented);
      }
    }

    assertThat(wrong).isEmpty();
  }

  private static String ability(HandlerMethod handler) {
    RequiresAbility ability =
        AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequiresAbility.class);
    if (ability == null) {
      ability =
          AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequiresAbility.class);
    }
    return ability == null ? null : ability.value();
  }
}
