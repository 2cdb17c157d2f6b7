package dev.allegro.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: the host name answers one address when the guard checks it and another after. The
 * request must go to the checked one, under the URL's host name.
 */
class PinnedConnectionTest {

  private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json");

  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final WebhookSender sender = new WebhookSender(Duration.ofSeconds(2));

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
    sender.close();
  }

  /** A resolver that gives {@code first} to the first question and {@code then} to the rest. */
  private static HostResolver rebinding(String first, String then) {
    var asked = new AtomicInteger();
    return host ->
        new InetAddress[] {InetAddress.getByName(asked.getAndIncrement() == 0 ? first : then)};
  }

  /** A receiver on {@code address}; it records the Host header of every request. */
  private HttpServer receiver(String address, int port, List<String> hosts) throws Exception {
    var server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          hosts.add(exchange.getRequestHeaders().getFirst("Host"));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    servers.add(server);
    return server;
  }

  @Test
  void aNameThatTurnsToLoopbackAfterTheCheckNeverReachesLoopback() throws Exception {
    // given a receiver on loopback and a name that is public at the check, loopback after
    var reached = new CopyOnWriteArrayList<String>();
    int port = receiver("127.0.0.1", 0, reached).getAddress().getPort();
    var guard = new TargetGuard(false, rebinding("203.0.113.7", "127.0.0.1"));
    // localhost: a client that resolved the name again would reach the receiver
    String url = "http://localhost:" + port + "/hook";

    // when the guard passes it and the sender sends
    List<InetAddress> checked = guard.check(url);
    var answer = sender.post(URI.create(url), checked.getFirst(), HEADERS, "{}");

    // then the request went to the checked public address (which does not answer), not loopback
    assertThat(checked).extracting(InetAddress::getHostAddress).containsExactly("203.0.113.7");
    assertThat(answer.status()).isZero();
    assertThat(answer.error()).isNotNull();
    assertThat(reached).isEmpty();
    // and the next check sees the new answer and refuses it
    assertThatThrownBy(() -> guard.check(url))
        .isInstanceOf(TargetGuard.Refused.class)
        .hasMessageContaining("resolves to 127.0.0.1");
  }

  @Test
  void theRequestGoesToTheCheckedAddressUnderTheUrlsHostName() throws Exception {
    // given two receivers on one port: the checked address and the one the name turns to after
    var checkedReceiver = new CopyOnWriteArrayList<String>();
    var reboundReceiver = new CopyOnWriteArrayList<String>();
    int port = receiver("127.0.0.2", 0, checkedReceiver).getAddress().getPort();
    receiver("127.0.0.1", port, reboundReceiver);
    var guard = new TargetGuard(true, rebinding("127.0.0.2", "127.0.0.1"));
    String url = "http://rebinding.test:" + port + "/hook";

    // when it is checked and sent
    var answer = sender.post(URI.create(url), guard.check(url).getFirst(), HEADERS, "{}");

    // then the checked address got it, with the name as its Host
    assertThat(answer.status()).as(String.valueOf(answer.error())).isEqualTo(204);
    assertThat(checkedReceiver).containsExactly("rebinding.test:" + port);
    assertThat(reboundReceiver).isEmpty();
  }

  @Test
  void httpsToTheCheckedAddressStillNamesTheHostForTls() throws Exception {
    // given a TCP listener on the checked address that keeps what the client sends first
    try (var listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
      CompletableFuture<byte[]> hello =
          CompletableFuture.supplyAsync(
              () -> {
                try (Socket socket = listener.accept();
                    InputStream in = socket.getInputStream()) {
                  return in.readNBytes(512);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      var guard = new TargetGuard(true, rebinding("127.0.0.2", "127.0.0.1"));
      String url = "https://rebinding.test:" + listener.getLocalPort() + "/hook";

      // when an https request is sent to it
      var answer = sender.post(URI.create(url), guard.check(url).getFirst(), HEADERS, "{}");

      // then the TLS hello named the host (SNI), so its certificate is checked against the name
      String sent = new String(hello.get(10, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
      assertThat(sent).contains("rebinding.test");
      assertThat(answer.status()).isZero();
    }
  }
}
