package dev.allegro.webhooks.internal;

import dev.allegro.webhooks.WebhooksProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Sends one request to the address {@link TargetGuard} checked, and reads at most {@link #MAX_BODY}
 * of the answer: connect and read timeouts from the settings, no redirect followed (a 3xx is an
 * answer like any other), HTTP/1.1, no retry of its own.
 *
 * <p>The connection goes to the given address while the request keeps the URL's host: the {@code
 * Host} header, TLS SNI and the certificate's host name check all use the name, so https is
 * verified as usual. The JDK's HttpClient cannot do this (it resolves the name itself, and
 * connecting to the address instead would verify the certificate against the address); Apache
 * HttpClient connects to an {@link HttpHost} that carries both. Its own name resolver refuses every
 * name, so nothing here resolves a host behind the guard's back.
 */
@Component
class WebhookSender implements AutoCloseable {

  static final int MAX_BODY = 1024;
  private static final int POOL_SIZE = 100;

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

  /** Resolves nothing: every request names the address it goes to. */
  private static final class NoResolution implements DnsResolver {
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      throw new UnknownHostException(
          host + ": requests go only to the address the target guard checked");
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
      return resolve(host)[0].getHostName();
    }
  }

  private final CloseableHttpClient client;

  @Autowired
  WebhookSender(WebhooksProperties properties) {
    this(properties.timeout());
  }

  WebhookSender(Duration timeout) {
    Timeout limit = Timeout.of(timeout);
    var connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(new NoResolution())
            .setMaxConnTotal(POOL_SIZE)
            .setMaxConnPerRoute(POOL_SIZE)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit).build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setRedirectsEnabled(false)
                    .setResponseTimeout(limit)
                    .setConnectionRequestTimeout(limit)
                    .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableContentCompression()
            .disableCookieManagement()
            .disableAuthCaching()
            .build();
  }

  Answer post(URI url, InetAddress address, Map<String, String> headers, String body)
      throws InterruptedException {
    return send("POST", url, address, headers, body);
  }

  /**
   * @param address where to connect: one the guard checked for {@code url}'s host
   */
  Answer send(String method, URI url, InetAddress address, Map<String, String> headers, String body)
      throws InterruptedException {
    return send(method, url, address, headers, body, MAX_BODY);
  }

  /** The same, keeping at most {@code maxBody} bytes of the answer. */
  Answer send(
      String method,
      URI url,
      InetAddress address,
      Map<String, String> headers,
      String body,
      int maxBody)
      throws InterruptedException {
    var request = new HttpUriRequestBase(method, url);
    headers.forEach(request::addHeader);
    request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
    int port = url.getPort() != -1 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
    var target = new HttpHost(url.getScheme(), address, url.getHost(), port);
    long started = System.nanoTime();
    try {
      Answer answer;
      try (ClassicHttpResponse response = client.executeOpen(target, request, null)) {
        String text = "";
        if (response.getEntity() != null) {
          try (InputStream in = response.getEntity().getContent()) {
            text = new String(in.readNBytes(maxBody), StandardCharsets.UTF_8);
            if (in.read() != -1) {
              // More than we keep: drop the connection rather than read the rest.
              request.cancel();
            }
          }
        }
        Header retryAfter = response.getFirstHeader("Retry-After");
        answer =
            new Answer(
                response.getCode(),
                retryAfter == null ? null : retryAfter.getValue(),
                text,
                null,
                since(started));
      }
      throwIfInterrupted();
      return answer;
    } catch (IOException e) {
      throwIfInterrupted();
      String error =
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      return new Answer(0, null, null, error, since(started));
    }
  }

  /** Blocking I/O does not stop for an interrupt; the job that was interrupted stops here. */
  private static void throwIfInterrupted() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted while sending");
    }
  }

  private static Duration since(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  @Override
  public void close() {
    client.close(CloseMode.GRACEFUL);
  }
}
