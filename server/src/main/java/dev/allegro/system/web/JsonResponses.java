package dev.allegro.system.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes an {@link ApiException} from a servlet filter, where no controller advice applies. */
@Component
public class JsonResponses {

  private final JsonMapper json;

  JsonResponses(JsonMapper json) {
    this.json = json;
  }

  public void write(HttpServletResponse response, ApiException error) throws IOException {
    response.setStatus(error.status().value());
    error.headers().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    json.writeValue(response.getOutputStream(), error.body());
  }
}
