package dev.allegro.streams;

import dev.allegro.tenancy.Tenant;
import dev.allegro.test.Http;
import dev.allegro.test.Prometheus;
import dev.allegro.test.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Calls of the queue API as an app makes them, and events tracked for a tenant, for tests. */
final class SubscriptionApps {

  static final String LANDLORD = "localhost";

  private final Http http;
  private final TestData data;
  private final Apps apps;

  SubscriptionApps(Http http, TestData data, Apps apps) {
    this.http = http;
    this.data = data;
    this.apps = apps;
  }

  /** A public app's token, the app installed for each tenant. */
  String publicApp(String name, Tenant... installedFor) {
    var app = apps.create(name, "public", null);
    for (Tenant tenant : installedFor) {
      apps.install(app, tenant);
    }
    return apps.token(app, "test", Apps.APP_ABILITIES).plainText();
  }

  String inHouseApp(String name, Tenant owner) {
    var app = apps.create(name, "in-house", owner.slug());
    return apps.token(app, "test", Apps.APP_ABILITIES).plainText();
  }

  Http.Response post(String token, String path, String json) {
    return http.post(path).host(LANDLORD).bearer(token).json(json).send();
  }

  Http.Response get(String token, String path) {
    return http.get(path).host(LANDLORD).bearer(token).send();
  }

  Http.Response delete(String token, String path) {
    return http.delete(path).host(LANDLORD).bearer(token).send();
  }

  /** Creates a queue; returns its code. */
  String queue(String token, String name) {
    var created = post(token, "/api/v1/queues", "{\"name\":\"" + name + "\"}");
    if (created.status() != 201) {
      throw new AssertionError("creating a queue: " + created.status() + " " + created.body());
    }
    return created.json().path("code").asString();
  }

  Http.Response subscribe(String token, String queue, String tenant, String type) {
    return post(
        token,
        "/api/v1/queues/" + queue + "/subscriptions",
        "{\"tenant\":\"" + tenant + "\",\"event_type\":\"" + type + "\"}");
  }

  Http.Response pull(String token, String queue, String ackId, int limit) {
    String ack = ackId == null ? "null" : "\"" + ackId + "\"";
    return post(
        token,
        "/api/v1/queues/" + queue + "/events/pull",
        "{\"ack_id\":" + ack + ",\"limit\":" + limit + "}");
  }

  /** The sessions of a pull's events: each event is tracked with its number as its session. */
  static List<String> sessions(Http.Response pulled) {
    var sessions = new ArrayList<String>();
    for (JsonNode event : pulled.json().path("events")) {
      sessions.add(event.path("payload").path("session_id").asString());
    }
    return sessions;
  }

  /** Tracks events of a type for a tenant, whose sessions are {@code prefix1 .. prefixN}. */
  void track(Tenant tenant, String memberToken, String type, String prefix, int count) {
    var events = new StringBuilder("{\"events\":[");
    for (int i = 1; i <= count; i++) {
      if (i > 1) {
        events.append(',');
      }
      events
          .append("{\"type\":\"")
          .append(type)
          .append("\",\"session_id\":\"")
          .append(prefix)
          .append(i)
          .append("\",\"url\":\"https://")
          .append(TestData.host(tenant.slug()))
          .append("/\"}");
    }
    events.append("]}");
    var answer =
        http.post("/api/v1/events")
            .host(TestData.host(tenant.slug()))
            .bearer(memberToken)
            .json(events.toString())
            .send();
    if (answer.status() != 202 && answer.status() != 201) {
      throw new AssertionError("tracking: " + answer.status() + " " + answer.body());
    }
  }

  String member(Tenant tenant) {
    return data.token(data.member("m" + System.nanoTime() + "@" + tenant.slug() + ".test", tenant));
  }

  static List<String> numbered(String prefix, int from, int to) {
    var list = new ArrayList<String>();
    for (int i = from; i <= to; i++) {
      list.add(prefix + i);
    }
    return list;
  }

  /**
   * Subscription queues rebuilt after a Redis loss so far ({@code allegro_outbox_rebuilds_total}).
   */
  double rebuilds() {
    double value =
        Prometheus.scrape(http)
            .value("allegro_outbox_rebuilds_total", Map.of("target", "subscriptions"));
    return Double.isNaN(value) ? 0 : value;
  }

  /** The events the queue's stream took, as its last checkpoint in PostgreSQL recorded. */
  long recordedAppended(JdbcClient jdbc, String queue) {
    return jdbc.sql(
            "SELECT coalesce(max(appended), 0) FROM subscription_checkpoints WHERE queue_code = :q")
        .param("q", UUID.fromString(queue))
        .query(Long.class)
        .single();
  }
}
