package dev.allegro.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * Requests Tomcat refuses before the application sees them still get the one JSON error shape,
 * never the container's HTML page.
 */
@AllegroTest
class MalformedRequestsIT {

  @Autowired Environment environment;

  /** A raw HTTP answer: status, headers (lower-case names) and body. */
  record Raw(int status, Map<String, String> headers, String body) {}

  private Raw send(String request) throws IOException {
    return send("local.server.port", request);
  }

  private Raw send(String portProperty, String request) throws IOException {
    int port = Integer.parseInt(environment.getRequiredProperty(portProperty));
    try (var socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return parse(socket.getInputStream());
    }
  }

  private static Raw parse(InputStream in) throws IOException {
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    var headers = new LinkedHashMap<String, String>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    var body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (int size = Integer.parseInt(line(in).trim(), 16);
          size > 0;
          size = Integer.parseInt(line(in).trim(), 16)) {
        body.write(in.readNBytes(size));
        line(in);
      }
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else {
      body.write(in.readAllBytes());
    }
    return new Raw(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    var line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static void assertJsonError(Raw raw, int status) {
    assertThat(raw.status()).isEqualTo(status);
    assertThat(raw.headers().get("content-type")).startsWith("application/json");
    assertThat(raw.body()).doesNotContain("<html").doesNotContain("Tomcat");
    assertThat(Http.json(raw.body()).get("message").asString()).isNotBlank();
  }

  @Test
  void aBadHostHeaderGetsAJsonBadRequest() throws IOException {
    assertJsonError(
        send("GET /api/v1/me HTTP/1.1\r\nHost: bad host!\r\nConnection: close\r\n\r\n"), 400);
  }

  @Test
  void twoHostHeadersGetAJsonBadRequest() throws IOException {
    assertJsonError(
        send(
            "GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nHost: other.test\r\nConnection: close\r\n\r\n"),
        400);
  }

  @Test
  void http11WithoutAHostGetsAJsonBadRequest() throws IOException {
    assertJsonError(send("GET /api/v1/me HTTP/1.1\r\nConnection: close\r\n\r\n"), 400);
  }

  @Test
  void aNegativeContentLengthGetsAJsonBadRequest() throws IOException {
    assertJsonError(
        send(
            "POST /api/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: -1\r\nConnection: close\r\n\r\n{}"),
        400);
  }

  @Test
  void anOversizedHeaderGetsAJsonError() throws IOException {
    Raw raw =
        send(
            "GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                + "x".repeat(70 * 1024)
                + "\r\nConnection: close\r\n\r\n");

    assertThat(raw.status()).isBetween(400, 499);
    assertJsonError(raw, raw.status());
  }

  @Test
  void anEncodedNulInThePathGetsAJsonBadRequest() throws IOException {
    assertJsonError(
        send(
            "GET /api/v1/landlord/tenants/a%00b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        400);
  }

  @Test
  void theManagementPortAnswersMalformedRequestsInJsonToo() throws IOException {
    assertJsonError(
        send("local.management.port", "GET /actuator/health HTTP/1.1\r\nConnection: close\r\n\r\n"),
        400);
    assertJsonError(
        send(
            "local.management.port",
            "GET /actuator/%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        400);
  }

  @Test
  void aMalformedRequestLineGetsAJsonBadRequest() throws IOException {
    assertJsonError(
        send("GET /a b c HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 400);
  }
}
