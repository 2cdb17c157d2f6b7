package dev.allegro.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A webhook consumer on a loopback port: it records every request and answers the statuses it was
 * told to, in order, then {@code 200}.
 */
final class WebhookReceiver implements AutoCloseable {

  /** A request as it arrived. */
  record Received(String path, Map<String, List<String>> headers, String body, Instant at) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  /** An answer to give. */
  record Answer(int status, Map<String, String> headers) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedDeque<Answer> answers = new ConcurrentLinkedDeque<>();
  private volatile Answer always;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              new Received(
                  exchange.getRequestURI().getPath(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  new String(body, StandardCharsets.UTF_8),
                  Instant.now()));
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          Answer answer = answers.pollFirst();
          if (answer == null) {
            answer = always != null ? always : new Answer(200, Map.of());
          }
          answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          byte[] out = ("answered " + answer.status()).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer.status(), out.length);
          exchange.getResponseBody().write(out);
          exchange.close();
        });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Answers these statuses to the next requests, in order. */
  WebhookReceiver answer(int... statuses) {
    for (int status : statuses) {
      answers.add(new Answer(status, Map.of()));
    }
    return this;
  }

  WebhookReceiver answer(int status, Map<String, String> headers) {
    answers.add(new Answer(status, headers));
    return this;
  }

  /** Answers {@code status} to every request once the queued answers are used. */
  WebhookReceiver always(int status) {
    always = new Answer(status, Map.of());
    return this;
  }

  /** Holds every answer from now on until {@link #release()}: the deliveries stay pending. */
  WebhookReceiver hold() {
    gate = new CountDownLatch(1);
    return this;
  }

  WebhookReceiver release() {
    gate.countDown();
    return this;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
