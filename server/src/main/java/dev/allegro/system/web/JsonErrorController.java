package dev.allegro.system.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside a controller (filters, the container) get the same JSON shape. Asked for
 * directly, the error path is a route like any unknown one: 404.
 */
@RestController
class JsonErrorController implements ErrorController {

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
    if (request.getDispatcherType() != DispatcherType.ERROR
        || !(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .contentType(MediaType.APPLICATION_JSON)
          .body(Map.of("message", "The route " + request.getRequestURI() + " could not be found."));
    }
    HttpStatus status = HttpStatus.resolve(code);
    if (status == null) {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("message", ErrorMessages.of(status)));
  }
}
