package dev.allegro.streams.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.allegro.auth.AppAccess;
import dev.allegro.auth.RequiresAbility;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.system.web.JsonBody;
import dev.allegro.system.web.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The app API of subscription queues, on the landlord's hosts with an app's token (the auth module
 * checks both): queues, their subscriptions, pull with acknowledgement, and seek.
 */
@RestController
@RequestMapping("/api/v1/queues")
class SubscriptionQueueController {

  private final SubscriptionQueues queues;
  private final Clock clock;

  SubscriptionQueueController(SubscriptionQueues queues, Clock clock) {
    this.queues = queues;
    this.clock = clock;
  }

  record QueueView(UUID code, String name, String status) {
    static QueueView of(QueueStore.Queue queue) {
      return new QueueView(queue.code(), queue.name(), "ACTIVE");
    }
  }

  record SubscriptionView(UUID code, boolean active, String eventType, String tenant) {
    static SubscriptionView of(QueueStore.Subscription s) {
      return new SubscriptionView(s.code(), s.active(), s.eventType(), s.tenantSlug());
    }
  }

  record CreateQueue(String name) {}

  record Subscribe(String tenant, String eventType) {}

  record Pull(String ackId, Integer limit, @JsonProperty("wait") Integer waitSeconds) {}

  record Seek(String to) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @RequiresAbility("queues:manage")
  QueueView create(AppAccess app, @JsonBody CreateQueue body) {
    return QueueView.of(queues.create(app.app(), body.name()));
  }

  @GetMapping
  @RequiresAbility("queues:manage")
  Map<String, List<QueueView>> list(AppAccess app) {
    return Map.of("data", queues.list(app.app()).stream().map(QueueView::of).toList());
  }

  @GetMapping("/{code}")
  @RequiresAbility("queues:manage")
  Map<String, Object> show(AppAccess app, @PathVariable String code) {
    var queue = queues.require(app.app(), code);
    var depth = queues.depth(queue);
    var view = new LinkedHashMap<String, Object>();
    view.put("code", queue.code());
    view.put("name", queue.name());
    view.put("status", "ACTIVE");
    view.put("depth", depth.unacknowledged());
    view.put(
        "oldest_age_seconds",
        depth.oldestAppendedAt() == null
            ? null
            : Math.max(0, Duration.between(depth.oldestAppendedAt(), clock.instant()).toSeconds()));
    return view;
  }

  @DeleteMapping("/{code}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @RequiresAbility("queues:manage")
  void delete(AppAccess app, @PathVariable String code) {
    queues.delete(queues.require(app.app(), code));
  }

  @PostMapping("/{code}/subscriptions")
  @ResponseStatus(HttpStatus.CREATED)
  @RequiresAbility("queues:manage")
  SubscriptionView subscribe(AppAccess app, @PathVariable String code, @JsonBody Subscribe body) {
    var queue = queues.require(app.app(), code);
    return SubscriptionView.of(queues.subscribe(queue, body.tenant(), body.eventType()));
  }

  @GetMapping("/{code}/subscriptions")
  @RequiresAbility("queues:manage")
  Map<String, List<SubscriptionView>> subscriptions(AppAccess app, @PathVariable String code) {
    var queue = queues.require(app.app(), code);
    return Map.of("data", queues.subscriptions(queue).stream().map(SubscriptionView::of).toList());
  }

  @DeleteMapping("/{code}/subscriptions/{subscription}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @RequiresAbility("queues:manage")
  void unsubscribe(AppAccess app, @PathVariable String code, @PathVariable String subscription) {
    queues.unsubscribe(queues.require(app.app(), code), subscription);
  }

  @PostMapping("/{code}/events/pull")
  @RequiresAbility("queues:pull")
  ResponseEntity<byte[]> pull(AppAccess app, @PathVariable String code, @JsonBody Pull body)
      throws InterruptedException {
    var errors = new FieldErrors();
    int limit = body.limit() == null ? 100 : body.limit();
    if (limit < 1 || limit > 1000) {
      errors.add("limit", "The limit field must be between 1 and 1000.");
    }
    int wait = body.waitSeconds() == null ? 0 : body.waitSeconds();
    if (wait < 0 || wait > 20) {
      errors.add("wait", "The wait field must be between 0 and 20.");
    }
    errors.throwIfAny();
    var queue = queues.require(app.app(), code);
    var pulled = queues.pull(queue, body.ackId(), limit, Duration.ofSeconds(wait));
    // written by hand: the payloads go out as Redis gave them, neither decoded nor re-encoded
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(PullAnswer.write(pulled));
  }

  @PostMapping("/{code}/seek")
  @RequiresAbility("queues:pull")
  Map<String, Object> seek(AppAccess app, @PathVariable String code, @JsonBody Seek body) {
    if (body.to() == null) {
      throw ValidationException.of("to", "The to field is required.");
    }
    Instant to;
    try {
      to = OffsetDateTime.parse(body.to()).toInstant();
    } catch (DateTimeParseException e) {
      throw ValidationException.of(
          "to",
          "The to field must be an ISO-8601 date-time with an offset, e.g. 2026-02-25T18:00:00Z.");
    }
    var queue = queues.require(app.app(), code);
    queues.seek(queue, to);
    return Map.of("code", queue.code(), "to", to.toString());
  }
}
