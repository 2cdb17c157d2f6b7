package dev.allegro.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/** The HTTP plumbing shared by the consumers and the tracker: base URL, token and Host header. */
final class ApiClient {

  static final String USER_AGENT = "allegro-client-java/0.1";

  private final String baseUrl;
  private final String token;
  private final String host;
  private final HttpClient http;

  ApiClient(String baseUrl, String token, String host, HttpClient http) {
    Objects.requireNonNull(baseUrl, "baseUrl is required");
    Objects.requireNonNull(token, "token is required");
    URI parsed = URI.create(baseUrl);
    if (parsed.getScheme() == null || parsed.getHost() == null) {
      throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL: " + baseUrl);
    }
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
    this.host = host;
    this.http = http != null ? http : defaultHttpClient();
  }

  static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * Sends one request and returns the answer whatever its status.
   *
   * @param jsonBody the body, or {@code null} for none
   */
  HttpResponse<String> send(String method, String pathAndQuery, String jsonBody, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT);
    if (host != null) {
      // Needs -Djdk.httpclient.allowRestrictedHeaders=host; see docs/client.md.
      request.header("Host", host);
    }
    if (jsonBody == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
