package dev.allegro.audience;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An audience sync provider on a loopback port: records every request and answers each member of it
 * a profile {@code {"tier":"gold","request":N}}, or the statuses it was told to, in order; it may
 * hold every answer until released.
 */
final class SyncReceiver implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A request as it arrived, with the status it was answered. */
  record Received(Map<String, List<String>> headers, JsonNode body, int status) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }

    List<String> memberIds() {
      var ids = new ArrayList<String>();
      body.path("members").forEach(m -> ids.add(m.path("id").asString()));
      return ids;
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedDeque<Integer> statuses = new ConcurrentLinkedDeque<>();
  private final java.util.concurrent.atomic.AtomicInteger arrived =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile int always = 200;
  private volatile CountDownLatch hold = new CountDownLatch(0);

  SyncReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
          arrived.incrementAndGet();
          try {
            hold.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          Integer next = statuses.pollFirst();
          int status = next != null ? next : always;
          received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body, status));
          String answer;
          if (status >= 200 && status < 300) {
            var profiles = JSON.createObjectNode();
            for (JsonNode member : body.path("members")) {
              profiles
                  .putObject(member.path("id").asString())
                  .put("tier", "gold")
                  .put("request", received.size());
            }
            answer = JSON.createObjectNode().set("profiles", profiles).toString();
          } else {
            answer = "{\"error\":\"unavailable\"}";
          }
          byte[] out = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, out.length);
          exchange.getResponseBody().write(out);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/sync";
  }

  /** Answers these statuses to the next requests, in order, then {@link #always}. */
  SyncReceiver answer(int... values) {
    for (int status : values) {
      statuses.add(status);
    }
    return this;
  }

  SyncReceiver always(int status) {
    always = status;
    return this;
  }

  /** Holds every answer until {@link #release()}. */
  SyncReceiver hold() {
    hold = new CountDownLatch(1);
    return this;
  }

  void release() {
    hold.countDown();
  }

  /** Requests that arrived, answered or still held. */
  int arrived() {
    return arrived.get();
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
