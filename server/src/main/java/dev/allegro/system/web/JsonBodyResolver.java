package dev.allegro.system.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/** Resolves {@link JsonBody} parameters. */
final class JsonBodyResolver implements HandlerMethodArgumentResolver {

  static final int MAX_BYTES = 1024 * 1024;

  private final JsonMapper json;
  private final JsonMapper strict;
  private final Map<Class<?>, Binding> bindings = new ConcurrentHashMap<>();

  /** How one record type is bound: its components, their JSON names and types. */
  private record Binding(
      Constructor<?> constructor, RecordComponent[] components, String[] names) {}

  JsonBodyResolver(JsonMapper json) {
    this.json = json;
    this.strict =
        json.rebuild()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(
                LogicalType.Textual,
                c ->
                    c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.hasParameterAnnotation(JsonBody.class);
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mav,
      NativeWebRequest webRequest,
      WebDataBinderFactory binders)
      throws IOException {
    Class<?> type = parameter.getParameterType();
    if (!type.isRecord()) {
      throw new IllegalStateException("@JsonBody binds records only, not " + type.getName());
    }
    JsonNode body = read(webRequest.getNativeRequest(HttpServletRequest.class));
    if (!body.isObject()) {
      throw ValidationException.of("body", "The request body must be a JSON object.");
    }
    Binding binding = bindings.computeIfAbsent(type, this::binding);
    var errors = new FieldErrors();
    Object[] values = new Object[binding.components().length];
    for (int i = 0; i < values.length; i++) {
      values[i] = value(binding.components()[i], binding.names()[i], body, errors);
    }
    errors.throwIfAny();
    try {
      return binding.constructor().newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot construct " + type.getName(), e);
    }
  }

  private JsonNode read(HttpServletRequest request) throws IOException {
    String contentType = request.getContentType();
    if (!isJson(contentType)) {
      throw new ApiException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "Content type "
              + (contentType == null ? "(none)" : contentType)
              + " is not supported; send application/json.");
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      throw new ApiException(
          HttpStatus.CONTENT_TOO_LARGE, "The request body must not be larger than 1 MB.");
    }
    try {
      JsonNode node = json.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw notJson();
      }
      return node;
    } catch (JacksonException e) {
      throw notJson();
    }
  }

  private static ApiException notJson() {
    return new ApiException(HttpStatus.BAD_REQUEST, "The request body is not valid JSON.");
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return type.getType().equals("application")
          && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }

  private Object value(RecordComponent component, String name, JsonNode body, FieldErrors errors) {
    JsonNode node = body.get(name);
    Class<?> type = component.getType();
    if (type == JsonNode.class) {
      return node;
    }
    if (node == null || node.isNull()) {
      // a primitive's default (false, 0): the value of a fresh one-element array
      return type.isPrimitive() ? Array.get(Array.newInstance(type, 1), 0) : null;
    }
    JavaType target = strict.getTypeFactory().constructType(component.getGenericType());
    try {
      return strict.treeToValue(node, target);
    } catch (DatabindException e) {
      var field = new StringBuilder(name);
      for (var step : e.getPath()) {
        field.append('.').append(step.getIndex() >= 0 ? step.getIndex() : step.getPropertyName());
      }
      Class<?> expected =
          e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
              ? mismatch.getTargetType()
              : type;
      errors.add(field.toString(), "The " + field + " field must be " + kind(expected) + ".");
      return null;
    } catch (InputCoercionException e) {
      // a number beyond what the field holds, e.g. 10^20 for an int
      errors.add(name, "The " + name + " field is out of range for " + kind(type) + ".");
      return null;
    }
  }

  private static String kind(Class<?> type) {
    if (CharSequence.class.isAssignableFrom(type) || type.isEnum() || type == char.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Integer.class
        || type == Long.class
        || type == Short.class
        || type == int.class
        || type == long.class
        || type == short.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  private Binding binding(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    var config = json.deserializationConfig();
    var naming = config.getPropertyNamingStrategy();
    String[] names = new String[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      var property = components[i].getAccessor().getAnnotation(JsonProperty.class);
      String name = components[i].getName();
      names[i] =
          property != null && !property.value().isEmpty()
              ? property.value()
              : naming != null ? naming.nameForConstructorParameter(config, null, name) : name;
      types[i] = components[i].getType();
    }
    try {
      Constructor<?> constructor = type.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return new Binding(constructor, components, names);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("A record has its canonical constructor", e);
    }
  }
}
