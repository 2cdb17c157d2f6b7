package dev.allegro.webhooks.internal;

import dev.allegro.auth.RequiresAbility;
import dev.allegro.jobs.Queues;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.system.web.JsonBody;
import dev.allegro.system.web.ValidationException;
import dev.allegro.tenancy.Tenant;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tenant's forwarders (docs/webhooks.md#event-forwarding); a token with forwarders:manage. */
@RestController
@RequestMapping("/api/v1/forwarders")
@RequiresAbility("forwarders:manage")
class ForwarderController {

  static final int MAX_FORWARDERS = 20;
  private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH");
  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");
  private static final Set<String> RESERVED_HEADERS =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "content-type");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ForwarderStore store;
  private final ForwarderTarget target;
  private final TargetGuard guard;
  private final HeaderCipher cipher;
  private final Clock clock;

  ForwarderController(
      ForwarderStore store,
      ForwarderTarget target,
      TargetGuard guard,
      HeaderCipher cipher,
      Clock clock) {
    this.clock = clock;
    this.store = store;
    this.target = target;
    this.guard = guard;
    this.cipher = cipher;
  }

  /** A forwarder as the API shows it: its headers' names, never their values. */
  record ForwarderView(
      UUID id,
      String url,
      String method,
      List<String> eventTypes,
      List<String> headerNames,
      Map<String, String> mapping,
      int successStatus,
      String queue,
      Instant createdAt) {

    static ForwarderView of(Forwarder f) {
      return new ForwarderView(
          f.id(),
          f.url(),
          f.method(),
          f.eventTypes(),
          List.copyOf(f.headers().keySet()),
          f.mapping(),
          f.successStatus(),
          f.queue(),
          f.createdAt());
    }
  }

  record ForwarderInput(
      String url,
      String method,
      List<String> eventTypes,
      JsonNode headers,
      JsonNode mapping,
      Integer successStatus,
      String queue) {}

  record DryRun(JsonNode event) {}

  record DryRunResult(String method, String url, JsonNode body) {}

  @GetMapping
  Map<String, List<ForwarderView>> list(Tenant tenant) {
    return Map.of("data", store.list(tenant.id()).stream().map(ForwarderView::of).toList());
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, ForwarderView> create(Tenant tenant, @JsonBody ForwarderInput body) {
    Forwarder made = validated(tenant, null, body);
    if (store.list(tenant.id()).size() >= MAX_FORWARDERS) {
      throw ApiException.conflict(
          "A tenant may have at most " + MAX_FORWARDERS + " forwarders; delete one first.");
    }
    Forwarder saved = store.save(made);
    target.changed();
    return Map.of("data", ForwarderView.of(saved));
  }

  @PatchMapping("/{forwarder}")
  Map<String, ForwarderView> update(
      Tenant tenant, @PathVariable("forwarder") String id, @JsonBody ForwarderInput body) {
    Forwarder saved = store.save(validated(tenant, require(tenant, id), body));
    target.changed();
    return Map.of("data", ForwarderView.of(saved));
  }

  @DeleteMapping("/{forwarder}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(Tenant tenant, @PathVariable("forwarder") String id) {
    store.delete(require(tenant, id).id());
    target.changed();
  }

  @PostMapping("/{forwarder}/dry-run")
  Map<String, DryRunResult> dryRun(
      Tenant tenant, @PathVariable("forwarder") String id, @JsonBody DryRun body) {
    Forwarder forwarder = require(tenant, id);
    if (body.event() == null || !body.event().isObject()) {
      throw ValidationException.of(
          "event", "The event field must be an event, as the Event Queue serves it.");
    }
    String built = FieldMapping.body(forwarder.mapping(), body.event());
    return Map.of(
        "data", new DryRunResult(forwarder.method(), forwarder.url(), JSON.readTree(built)));
  }

  private Forwarder require(Tenant tenant, String id) {
    try {
      UUID uuid = UUID.fromString(id);
      return store
          .find(uuid)
          .filter(f -> f.tenant().equals(tenant.id()))
          .orElseThrow(() -> ApiException.notFound("No forwarder has the id " + id + "."));
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("No forwarder has the id " + id + ".");
    }
  }

  /** The forwarder {@code body} makes of {@code current} (null: a new one), or a 422. */
  private Forwarder validated(Tenant tenant, Forwarder current, ForwarderInput body) {
    boolean creating = current == null;
    var errors = new FieldErrors();
    String url = body.url() != null ? body.url().trim() : creating ? null : current.url();
    if (url == null || url.isEmpty()) {
      errors.add("url", "The url field is required.");
    } else if (body.url() != null) {
      try {
        guard.check(url);
      } catch (TargetGuard.Refused refused) {
        errors.add("url", "The url field " + refused.getMessage() + ".");
      }
    }
    String method =
        body.method() != null
            ? body.method().toUpperCase(Locale.ROOT)
            : creating ? "POST" : current.method();
    if (!METHODS.contains(method)) {
      errors.add("method", "The method field must be POST, PUT or PATCH.");
    }
    List<String> types =
        body.eventTypes() != null || creating ? body.eventTypes() : current.eventTypes();
    EndpointService.validateEventTypes(types, true, errors);
    Map<String, String> headers =
        body.headers() != null
            ? headers(body.headers(), errors)
            : creating ? Map.of() : current.headers();
    Map<String, String> mapping =
        body.mapping() != null || creating ? mapping(body.mapping(), errors) : current.mapping();
    int status =
        body.successStatus() != null
            ? body.successStatus()
            : creating ? 201 : current.successStatus();
    if (status < 200 || status > 299) {
      errors.add(
          "success_status", "The success_status field must be a status between 200 and 299.");
    }
    String queue =
        body.queue() != null ? body.queue() : creating ? Queues.DEFAULT : current.queue();
    try {
      Queues.requireValid(queue);
    } catch (IllegalArgumentException e) {
      errors.add("queue", "The queue field must be a queue name such as default.");
    }
    errors.throwIfAny();
    return new Forwarder(
        creating ? UUID.randomUUID() : current.id(),
        tenant.id(),
        url,
        method,
        List.copyOf(types),
        headers,
        mapping,
        status,
        queue,
        creating ? clock.instant() : current.createdAt());
  }

  private Map<String, String> headers(JsonNode node, FieldErrors errors) {
    var headers = new LinkedHashMap<String, String>();
    if (!node.isObject()) {
      errors.add("headers", "The headers field must be an object of header names and values.");
      return headers;
    }
    for (var entry : node.properties()) {
      String name = entry.getKey();
      if (!HEADER.matcher(name).matches()
          || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        errors.add(
            "headers." + name, "The headers." + name + " field is not a header Allegro may set.");
      } else if (!entry.getValue().isString()) {
        errors.add("headers." + name, "The headers." + name + " field must be a string.");
      } else {
        headers.put(name, entry.getValue().asString());
      }
    }
    if (!headers.isEmpty() && !cipher.available()) {
      errors.add("headers", "Forwarder headers need FORWARDING_KEY set on the server.");
    }
    return headers;
  }

  private static Map<String, String> mapping(JsonNode node, FieldErrors errors) {
    var mapping = new LinkedHashMap<String, String>();
    if (node == null || !node.isObject() || node.isEmpty()) {
      errors.add(
          "mapping",
          "The mapping field must map at least one body field to an event path, e.g."
              + " {\"itemId\": \"data.book_id\"}.");
      return mapping;
    }
    var bad = new ArrayList<String>();
    for (var entry : node.properties()) {
      JsonNode source = entry.getValue();
      if (!source.isString() || !FieldMapping.SOURCE.matcher(source.asString()).matches()) {
        bad.add("mapping." + entry.getKey());
      } else {
        mapping.put(entry.getKey(), source.asString());
      }
    }
    for (String field : bad) {
      errors.add(
          field,
          "The " + field + " field must be an event path such as data.book_id or created_at|unix.");
    }
    return mapping;
  }
}
