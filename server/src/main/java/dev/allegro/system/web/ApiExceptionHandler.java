package dev.allegro.system.web;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where exceptions become HTTP statuses; every body is JSON with a message, whatever
 * the request's Accept header asked for.
 */
@RestControllerAdvice
class ApiExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Map<String, Object>> api(ApiException e) {
    return ResponseEntity.status(e.status())
        .headers(e.headers())
        .contentType(MediaType.APPLICATION_JSON)
        .body(e.body());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
    return status(HttpStatus.BAD_REQUEST, "The request body is not valid JSON.");
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<Map<String, Object>> missingParameter(MissingServletRequestParameterException e) {
    String field = e.getParameterName();
    return api(ValidationException.of(field, "The " + field + " field is required."));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Map<String, Object>> typeMismatch(MethodArgumentTypeMismatchException e) {
    String field = e.getName();
    return api(ValidationException.of(field, "The " + field + " field is invalid."));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
    // In HTTP's order (GET before POST), not the order in which the routes happened to be found.
    List<HttpMethod> order = Arrays.asList(HttpMethod.values());
    String allowed =
        e.getSupportedHttpMethods() == null
            ? ""
            : e.getSupportedHttpMethods().stream()
                .sorted(Comparator.comparingInt(m -> order.contains(m) ? order.indexOf(m) : 99))
                .map(Object::toString)
                .collect(Collectors.joining(", "));
    String message = "The " + e.getMethod() + " method is not supported for this route.";
    // HTTP requires a 405 to name the methods the route serves.
    return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
        .header(HttpHeaders.ALLOW, allowed)
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            Map.of(
                "message",
                allowed.isEmpty() ? message : message + " Supported methods: " + allowed + "."));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
    return status(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "Content type " + e.getContentType() + " is not supported; send application/json.");
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<Map<String, Object>> notAcceptable(HttpMediaTypeNotAcceptableException e) {
    return status(
        HttpStatus.NOT_ACCEPTABLE, "None of the accepted media types can be produced here.");
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<Map<String, Object>> noRoute(NoResourceFoundException e) {
    return status(
        HttpStatus.NOT_FOUND, "The route " + e.getResourcePath() + " could not be found.");
  }

  @ExceptionHandler({
    DataAccessResourceFailureException.class,
    QueryTimeoutException.class,
    RedisSystemException.class
  })
  ResponseEntity<Map<String, Object>> unavailable(Exception e) {
    log.warn("A backing service did not answer: {}", e.toString());
    return api(ApiException.unavailable());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Map<String, Object>> unexpected(Exception e) {
    log.error("Unhandled error", e);
    return status(HttpStatus.INTERNAL_SERVER_ERROR, "Server Error");
  }

  private static ResponseEntity<Map<String, Object>> status(HttpStatus status, String message) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("message", message));
  }
}
