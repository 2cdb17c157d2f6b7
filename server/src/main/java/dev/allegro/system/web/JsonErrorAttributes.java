package dev.allegro.system.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

/**
 * The error attributes Spring Boot's own error endpoints answer with, such as the management
 * port's: the API's one shape, {@code {"message": ...}}, instead of timestamp, path and trace.
 */
@Component
class JsonErrorAttributes extends DefaultErrorAttributes {

  @Override
  public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
    Object status = super.getErrorAttributes(request, options).get("status");
    var body = new LinkedHashMap<String, Object>();
    body.put("message", ErrorMessages.of(status instanceof Integer code ? code : 500));
    return body;
  }
}
