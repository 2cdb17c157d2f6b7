package dev.allegro.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.HttpRequestMethodNotSupportedException;

class ApiExceptionHandlerTest {

  @Test
  void aWrongMethodNamesTheAllowedOnesInHttpsOrderWhateverOrderTheRoutesWereFoundIn() {
    // given: the routes of a path found POST first
    var wrongMethod = new HttpRequestMethodNotSupportedException("PATCH", List.of("POST", "GET"));

    // when
    var answer = new ApiExceptionHandler().method(wrongMethod);

    // then
    assertThat(answer.getStatusCode().value()).isEqualTo(405);
    assertThat(answer.getHeaders().getFirst(HttpHeaders.ALLOW)).isEqualTo("GET, POST");
    assertThat(answer.getBody())
        .containsEntry(
            "message",
            "The PATCH method is not supported for this route. Supported methods: GET, POST.");
  }
}
