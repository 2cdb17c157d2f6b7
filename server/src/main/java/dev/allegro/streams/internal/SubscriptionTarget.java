package dev.allegro.streams.internal;

import dev.allegro.outbox.Committed;
import dev.allegro.outbox.OutboxRow;
import dev.allegro.outbox.OutboxTarget;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.TenantId;
import dev.allegro.tenancy.Tenants;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The subscription queues as one outbox target: a tenant's committed event is kept for it when any
 * active queue takes its type (one outbox row holding all of a commit's such events for the
 * tenant), and relayed, in the outbox's order, to every queue that takes it at the time of relaying
 * (so that an uninstall or unsubscribe stops routing at once), each once.
 */
@Component
class SubscriptionTarget implements OutboxTarget {

  static final String NAME = "subscriptions";
  private static final Logger log = LoggerFactory.getLogger(SubscriptionTarget.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final SubscriptionRoutes routes;
  private final StreamAppends streams;
  private final StreamSignals signals;
  private final Tenants tenants;

  SubscriptionTarget(
      SubscriptionRoutes routes, StreamAppends streams, StreamSignals signals, Tenants tenants) {
    this.routes = routes;
    this.streams = streams;
    this.signals = signals;
    this.tenants = tenants;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean accepts(Committed item) {
    return item instanceof Committed.Event event && routes.anyFor(event.tenant(), event.type());
  }

  /** Many items a commit, a row: one to write, read and delete for all of them. */
  @Override
  public boolean groupsItems() {
    return true;
  }

  /**
   * The event's id, type and created_at, then its JSON, separated by tabs (which none of them
   * holds): the relay routes and answers without parsing the JSON.
   */
  @Override
  public String line(Committed item) {
    if (item instanceof Committed.Event event) {
      return event.id() + "\t" + event.type() + "\t" + event.createdAt() + "\t" + event.json();
    }
    return item.json();
  }

  @Override
  public int deliver(TenantId tenant, List<OutboxRow> rows) {
    String slug = tenants.find(tenant.toString()).map(Tenant::slug).orElse(null);
    if (slug == null) {
      return rows.size(); // the tenant is gone, and its subscriptions with it
    }
    var stored = new ArrayList<StreamAppends.Stored>(rows.size());
    var routed = new ArrayList<List<Routed>>(rows.size());
    // looked up once per type and batch
    var byType = new HashMap<String, Set<UUID>>();
    Function<String, Set<UUID>> queuesFor =
        type -> byType.computeIfAbsent(type, t -> routes.queuesFor(tenant, t));
    for (OutboxRow row : rows) {
      var prepared = prepare(tenant, slug, row, queuesFor);
      if (prepared != null) {
        stored.add(prepared.stored());
        routed.add(prepared.events());
      }
    }
    if (stored.isEmpty()) {
      return rows.size();
    }
    // each row's events once for every queue, then each queue's entries naming them
    var placed = streams.store(tenant.value(), stored);
    var order = new Integer[stored.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // a row stored by an earlier pass keeps its place: ordered by reference, events are in the
    // order they were first relayed, which is what each queue's skipping of repeats relies on
    Arrays.sort(order, Comparator.comparingLong(i -> placed.get(i).reference()));
    var byQueue = new LinkedHashMap<UUID, List<StreamAppends.Appended>>();
    for (int r : order) {
      var place = placed.get(r);
      // as first stored: an event a queue took only since an earlier pass stored its row is
      // not in it, and stays out of that queue
      var locations = place.locations();
      for (Routed e : routed.get(r)) {
        var location = locations.get(e.index());
        if (location == null) {
          continue;
        }
        var appended = new StreamAppends.Appended(place.reference() + e.index(), location, e.id());
        for (UUID queue : e.queues()) {
          byQueue.computeIfAbsent(queue, q -> new ArrayList<>()).add(appended);
        }
      }
    }
    streams.appendAll(tenant.value(), byQueue).forEach(signals::appended);
    return rows.size();
  }

  /**
   * An event of a row that some queue takes.
   *
   * @param index its place in the row
   */
  record Routed(int index, String id, Set<UUID> queues) {}

  /** A row's events that some queue takes, ready to store, and the queues each goes to. */
  record Prepared(StreamAppends.Stored stored, List<Routed> events) {}

  /**
   * @return the row's events that some queue takes now, as pulls answer them; null when none is
   */
  Prepared prepare(TenantId tenant, String slug, OutboxRow row) {
    return prepare(tenant, slug, row, type -> routes.queuesFor(tenant, type));
  }

  private Prepared prepare(
      TenantId tenant, String slug, OutboxRow row, Function<String, Set<UUID>> queuesFor) {
    byte[] text = row.json().getBytes(StandardCharsets.UTF_8);
    var events = new ArrayList<Routed>(row.items());
    // the answers' JSON of the events some queue takes, joined by ','
    var answers = new JsonBytes(text.length + row.items() * 160);
    var layout = new StringBuilder();
    int start = 0;
    for (int i = 0; i < row.items() && start < text.length; i++) {
      int end = i == row.items() - 1 ? text.length : lineEnd(text, start);
      // id, type, created_at and where the JSON starts
      String[] fields = new String[3];
      int json = start;
      if (text[start] == '{') { // a row of the JSON only (stored before the fields came first)
        fields = fields(text, start, end - start);
      } else {
        for (int f = 0; f < 3 && json <= end; f++) {
          int tab = tabEnd(text, json, end);
          fields[f] = new String(text, json, tab - json, StandardCharsets.US_ASCII);
          json = tab + 1;
        }
      }
      if (json >= end) {
        // not a line this target wrote: left out, rather than holding up the tenant's queues
        log.error(
            "Outbox row {} of tenant {}: item {} is not an event; skipped", row.seq(), tenant, i);
        start = end + 1;
        continue;
      }
      var queues = queuesFor.apply(fields[1]);
      if (!queues.isEmpty()) {
        if (!events.isEmpty()) {
          answers.ascii(",");
          layout.append(',');
        }
        int at = answers.size();
        answers.event(fields[0], slug, fields[1], fields[2], text, json, end - json);
        layout.append(i).append(':').append(answers.size() - at);
        events.add(new Routed(i, fields[0], queues));
      }
      start = end + 1;
    }
    if (events.isEmpty()) {
      return null;
    }
    return new Prepared(
        new StreamAppends.Stored(row.seq(), row.items(), answers.toArray(), layout.toString()),
        events);
  }

  private static int tabEnd(byte[] text, int from, int end) {
    for (int i = from; i < end; i++) {
      if (text[i] == '\t') {
        return i;
      }
    }
    return end;
  }

  private static int lineEnd(byte[] text, int from) {
    for (int i = from; i < text.length; i++) {
      if (text[i] == '\n') {
        return i;
      }
    }
    return text.length;
  }

  static String[] fields(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return fields(bytes, 0, bytes.length);
  }

  /**
   * The event's id, type and created_at, read from the front of its JSON (the top level only),
   * without building a tree of the rest.
   */
  static String[] fields(byte[] json, int offset, int length) {
    var fields = new String[3];
    int found = 0;
    Arrays.fill(fields, "");
    try (JsonParser parser = JSON.createParser(json, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return fields;
      }
      for (String name = parser.nextName(); name != null && found < 3; name = parser.nextName()) {
        JsonToken value = parser.nextToken();
        int index =
            switch (name) {
              case "id" -> 0;
              case "type" -> 1;
              case "created_at" -> 2;
              default -> -1;
            };
        if (index >= 0 && value == JsonToken.VALUE_STRING) {
          fields[index] = parser.getString();
          found++;
        } else {
          parser.skipChildren();
        }
      }
    }
    return fields;
  }

  /** The ids of the events a row of this target holds. */
  static List<String> eventIds(OutboxRow row) {
    var ids = new ArrayList<String>(row.items());
    // a row of one item may hold a line break (Outbox.Group gives it a row of its own)
    var lines = row.items() == 1 ? new String[] {row.json()} : row.json().split("\n");
    for (String line : lines) {
      if (line.startsWith("{")) {
        ids.add(fields(line)[0]); // a row of the JSON only
      } else {
        int tab = line.indexOf('\t');
        ids.add(tab < 0 ? line : line.substring(0, tab));
      }
    }
    return ids;
  }

  @Override
  public void forget(TenantId tenant, List<Long> seqs) {
    streams.forget(tenant.value(), seqs);
  }
}
