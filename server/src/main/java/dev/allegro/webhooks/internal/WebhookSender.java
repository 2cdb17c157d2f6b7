package dev.allegro.webhooks.internal;

import dev.allegro.webhooks.WebhooksProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Sends one request and reads at most {@link #MAX_BODY} of the answer: connect and read timeouts
 * from the settings, no redirect followed (a 3xx is an answer like any other).
 */
@Component
class WebhookSender {

  static final int MAX_BODY = 1024;

  /**
   * What came back.
   *
   * @param status the answer's status, or 0 when none came
   * @param retryAfter its {@code Retry-After} header, or null
   * @param body the first kilobyte of its body
   * @param error why no answer came, or null
   */
  record Answer(int status, String retryAfter, String body, String error, Duration took) {
    boolean succeeded() {
      return status >= 200 && status < 300;
    }
  }

  private final HttpClient client;
  private final Duration timeout;

  WebhookSender(WebhooksProperties properties) {
    this.timeout = properties.timeout();
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            // HTTP/1.1 plainly: no h2c upgrade headers a strict receiver could trip on
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  Answer post(URI url, Map<String, String> headers, String body) throws InterruptedException {
    return send("POST", url, headers, body);
  }

  Answer send(String method, URI url, Map<String, String> headers, String body)
      throws InterruptedException {
    return send(method, url, headers, body, MAX_BODY);
  }

  /** The same, reading at most {@code maxBody} bytes of the answer. */
  Answer send(String method, URI url, Map<String, String> headers, String body, int maxBody)
      throws InterruptedException {
    var request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    long started = System.nanoTime();
    try {
      HttpResponse<InputStream> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      String text;
      try (InputStream in = response.body()) {
        text = new String(in.readNBytes(maxBody), StandardCharsets.UTF_8);
      }
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Retry-After").orElse(null),
          text,
          null,
          since(started));
    } catch (IOException e) {
      String error =
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      return new Answer(0, null, null, error, since(started));
    }
  }

  private static Duration since(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }
}
