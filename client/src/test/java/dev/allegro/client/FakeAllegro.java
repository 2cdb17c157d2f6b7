package dev.allegro.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-memory peer speaking the contract of Allegro's queue and tracking endpoints, on a local
 * port: the client's unit tests run against it. Not the real server.
 */
final class FakeAllegro implements AutoCloseable {

  static final String TOKEN = "1|secret";

  /** A request the fake received. */
  record Request(String method, String path, Map<String, String> query, String body) {}

  /** A canned answer to the next POST /api/v1/events. */
  record Answer(int status, String body, String retryAfter) {}

  private final HttpServer server;
  private final Object lock = new Object();
  private final ArrayDeque<ObjectNode> events = new ArrayDeque<>();
  private final ArrayDeque<ObjectNode> heartbeats = new ArrayDeque<>();
  private final Set<String> trackedIds = new HashSet<>();
  private final List<JsonNode> tracked = new ArrayList<>();
  private final ConcurrentLinkedQueue<Answer> postAnswers = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Answer> getAnswers = new ConcurrentLinkedQueue<>();
  final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  volatile boolean honourWait = true;
  volatile CountDownLatch postGate;

  FakeAllegro() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Pushes an event with a fresh id and returns the id. */
  String pushEvent(String type) {
    String id = UUID.randomUUID().toString();
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("id", id).put("type", type).put("session_id", "s1");
    event.putNull("audience_member_id");
    event.put("url", "https://example.com/a").put("event_sequence", 1);
    event.put("created_at", "2026-02-25T18:00:00+00:00");
    synchronized (lock) {
      events.addLast(event);
      lock.notifyAll();
    }
    return id;
  }

  String pushHeartbeat(int activeSeconds) {
    String eventId = UUID.randomUUID().toString();
    ObjectNode beat = Json.MAPPER.createObjectNode();
    beat.put("event_id", eventId).put("active_seconds", activeSeconds);
    beat.put("created_at", "2026-02-25T18:00:05+00:00");
    synchronized (lock) {
      heartbeats.addLast(beat);
      lock.notifyAll();
    }
    return eventId;
  }

  List<String> eventIds() {
    synchronized (lock) {
      return events.stream().map(e -> e.get("id").asString()).toList();
    }
  }

  int heartbeatCount() {
    synchronized (lock) {
      return heartbeats.size();
    }
  }

  /** Removes from the front as another consumer would. */
  void removeFront(int count) {
    synchronized (lock) {
      for (int i = 0; i < count; i++) {
        events.pollFirst();
      }
    }
  }

  /** Events stored by POST /api/v1/events, once per client id. */
  List<JsonNode> tracked() {
    synchronized (lock) {
      return List.copyOf(tracked);
    }
  }

  void answerNextPost(int status, String body, String retryAfter) {
    postAnswers.add(new Answer(status, body, retryAfter));
  }

  void answerNextGet(int status, String body) {
    getAnswers.add(new Answer(status, body, null));
  }

  List<Request> requests(String method, String path) {
    synchronized (requests) {
      return requests.stream()
          .filter(r -> r.method().equals(method) && r.path().equals(path))
          .toList();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      requests.add(new Request(method, path, query, body));
      if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, 401, "{\"message\":\"Unauthenticated.\"}");
        return;
      }
      switch (method + " " + path) {
        case "GET /api/platform/events" -> read(exchange, events, "events", query);
        case "GET /api/platform/heartbeats" -> read(exchange, heartbeats, "heartbeats", query);
        case "DELETE /api/platform/events" -> delete(exchange, events, "id", query);
        case "DELETE /api/platform/heartbeats" -> delete(exchange, heartbeats, "event_id", query);
        case "POST /api/v1/events" -> track(exchange, body);
        default -> send(exchange, 404, "{\"message\":\"Not found.\"}");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void read(
      HttpExchange exchange, ArrayDeque<ObjectNode> queue, String key, Map<String, String> query)
      throws IOException, InterruptedException {
    Answer canned = getAnswers.poll();
    if (canned != null) {
      send(exchange, canned.status(), canned.body());
      return;
    }
    int limit = Integer.parseInt(query.getOrDefault("limit", "10000"));
    long waitMillis = honourWait ? Long.parseLong(query.getOrDefault("wait", "0")) * 1000 : 0;
    List<ObjectNode> items = new ArrayList<>();
    synchronized (lock) {
      long deadline = System.currentTimeMillis() + waitMillis;
      while (queue.isEmpty() && System.currentTimeMillis() < deadline) {
        lock.wait(Math.max(1, deadline - System.currentTimeMillis()));
      }
      Iterator<ObjectNode> it = queue.iterator();
      while (it.hasNext() && items.size() < limit) {
        items.add(it.next());
      }
    }
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode data = root.putObject("data");
    data.put("count", items.size());
    data.putArray(key).addAll(items);
    send(exchange, 200, root.toString());
  }

  private void delete(
      HttpExchange exchange,
      ArrayDeque<ObjectNode> queue,
      String idField,
      Map<String, String> query)
      throws IOException {
    int count;
    try {
      count = Integer.parseInt(query.get("count"));
    } catch (NumberFormatException e) {
      count = 0;
    }
    if (count < 1) {
      send(exchange, 422, "{\"message\":\"The count field must be at least 1.\"}");
      return;
    }
    synchronized (lock) {
      String lastId = query.get("last_id");
      if (lastId != null) {
        ObjectNode nth = queue.size() >= count ? List.copyOf(queue).get(count - 1) : null;
        if (nth == null || !lastId.equals(nth.get(idField).asString())) {
          send(exchange, 409, "{\"message\":\"The front of the queue has changed.\"}");
          return;
        }
      }
      for (int i = 0; i < count && !queue.isEmpty(); i++) {
        queue.pollFirst();
      }
    }
    send(exchange, 204, null);
  }

  private void track(HttpExchange exchange, String body) throws IOException, InterruptedException {
    CountDownLatch gate = postGate;
    if (gate != null) {
      gate.await(30, TimeUnit.SECONDS);
    }
    Answer canned = postAnswers.poll();
    if (canned != null) {
      if (canned.retryAfter() != null) {
        exchange.getResponseHeaders().add("Retry-After", canned.retryAfter());
      }
      send(exchange, canned.status(), canned.body());
      return;
    }
    JsonNode batch = Json.MAPPER.readTree(body).get("events");
    List<String> ids = new ArrayList<>();
    synchronized (lock) {
      for (JsonNode event : batch) {
        String id = event.get("id").asString();
        ids.add(id);
        if (trackedIds.add(id)) {
          tracked.add(event);
        }
      }
    }
    ObjectNode answer = Json.MAPPER.createObjectNode().put("accepted", ids.size());
    ids.forEach(answer.putArray("event_ids")::add);
    send(exchange, 202, answer.toString());
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.put(name, value);
      }
    }
    return query;
  }
}
