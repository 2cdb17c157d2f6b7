package dev.allegro.streams.internal;

import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.allegro.streams.App;
import dev.allegro.streams.Apps;
import dev.allegro.streams.StreamsProperties;
import dev.allegro.system.CacheInvalidation;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.ValidationException;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.Tenants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** An app's queues and their subscriptions, pulls and seeks: what the queue API does. */
@Service
class SubscriptionQueues {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionQueues.class);

  private static final Pattern EVENT_TYPE = Pattern.compile("\\*|[a-z0-9_.:-]{1,64}");

  /** One pull's answer. */
  record Pulled(List<StreamEvent> events, String ackId, long expiredSkipped) {}

  /**
   * How long a node may answer from its own copy of which queues an app has: every pull asks, and a
   * deletion broadcasts at once, so this bounds only a node that missed the broadcast.
   */
  static final Duration QUEUES_MAX_AGE = Duration.ofSeconds(1);

  private static final String QUEUES_TOPIC = "subscription-queues";

  private record Owned(long app, UUID code) {}

  private final QueueStore store;
  private final QueueStreams streams;
  private final StreamPulls pulls;
  private final CheckpointStore checkpoints;
  private final AckIds ackIds;
  private final StreamSignals signals;
  private final SubscriptionRoutes routes;
  private final Apps apps;
  private final Tenants tenants;
  private final Clock clock;
  private final int limit;
  private final CacheInvalidation invalidation;
  private final LoadingCache<Owned, Optional<QueueStore.Queue>> owned;

  SubscriptionQueues(
      QueueStore store,
      QueueStreams streams,
      StreamPulls pulls,
      CheckpointStore checkpoints,
      AckIds ackIds,
      StreamSignals signals,
      SubscriptionRoutes routes,
      Apps apps,
      Tenants tenants,
      Clock clock,
      StreamsProperties properties,
      CacheInvalidation invalidation) {
    this.store = store;
    this.streams = streams;
    this.pulls = pulls;
    this.checkpoints = checkpoints;
    this.ackIds = ackIds;
    this.signals = signals;
    this.routes = routes;
    this.apps = apps;
    this.tenants = tenants;
    this.clock = clock;
    this.limit = properties.queueLimit();
    this.invalidation = invalidation;
    this.owned =
        invalidation.cache(QUEUES_TOPIC, QUEUES_MAX_AGE, q -> store.find(q.app(), q.code()));
  }

  QueueStore.Queue create(long app, String name) {
    if (name == null || name.isBlank()) {
      throw ValidationException.of("name", "The name field is required.");
    }
    if (name.length() > 255) {
      throw ValidationException.of(
          "name", "The name field must not be greater than 255 characters.");
    }
    if (store.count(app) >= limit) {
      throw ValidationException.of(
          "name", "An app has at most " + limit + " queues; delete one to create another.");
    }
    return store.insert(app, name.trim());
  }

  List<QueueStore.Queue> list(long app) {
    return store.ofApp(app);
  }

  /**
   * @throws ApiException 404 for a missing queue and for another app's, alike
   */
  QueueStore.Queue require(long app, String code) {
    UUID uuid;
    try {
      uuid = UUID.fromString(code);
    } catch (IllegalArgumentException e) {
      throw notFound(code);
    }
    return owned.get(new Owned(app, uuid)).orElseThrow(() -> notFound(code));
  }

  private static ApiException notFound(String code) {
    return ApiException.notFound("No queue with code '" + code + "'.");
  }

  QueueStreams.Depth depth(QueueStore.Queue queue) {
    return streams.depth(queue.code());
  }

  void delete(QueueStore.Queue queue) {
    store.delete(queue.code());
    invalidation.broadcast(QUEUES_TOPIC);
    routes.changed();
    streams.delete(queue.code());
  }

  QueueStore.Subscription subscribe(QueueStore.Queue queue, String tenant, String eventType) {
    if (tenant == null || tenant.isBlank()) {
      throw ValidationException.of("tenant", "The tenant field is required.");
    }
    if (eventType == null || !EVENT_TYPE.matcher(eventType).matches()) {
      throw ValidationException.of(
          "event_type", "The event_type field must be an event type such as page_view, or *.");
    }
    App app = apps.require(queue.app());
    Tenant found =
        tenants
            .find(tenant)
            .orElseThrow(
                () ->
                    new ApiException(
                        HttpStatus.FORBIDDEN,
                        "Tenant '" + tenant + "' has not installed this app."));
    apps.refusal(app, found)
        .ifPresent(
            reason -> {
              throw new ApiException(HttpStatus.FORBIDDEN, reason);
            });
    var subscription = store.subscribe(queue.code(), found.id(), eventType);
    routes.changed();
    return subscription;
  }

  List<QueueStore.Subscription> subscriptions(QueueStore.Queue queue) {
    return store.subscriptions(queue.code());
  }

  void unsubscribe(QueueStore.Queue queue, String code) {
    UUID uuid;
    try {
      uuid = UUID.fromString(code);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("No subscription with code '" + code + "'.");
    }
    if (!store.deactivate(queue.code(), uuid)) {
      throw ApiException.notFound("No subscription with code '" + code + "'.");
    }
    routes.changed();
  }

  /**
   * Acknowledges what {@code ackId} names, then reads up to {@code max} events, waiting up to
   * {@code wait} for one to arrive.
   *
   * @throws ApiException 409 when the ack_id is unknown, another queue's, or from before the
   *     cursor's last move: nothing changed
   */
  Pulled pull(QueueStore.Queue queue, String ackId, int max, Duration wait)
      throws InterruptedException {
    AckIds.Ack ack = null;
    if (ackId != null) {
      ack = ackIds.verify(queue.code(), ackId).orElseThrow(SubscriptionQueues::staleAck);
    }
    Instant deadline = clock.instant().plus(wait);
    boolean marked = false;
    while (true) {
      var read = pulls.pull(queue.code(), ack, max);
      switch (read) {
        case StreamPulls.Read.Conflict c -> throw staleAck();
        case StreamPulls.Read.Gone g -> throw notFound(queue.code().toString());
        case StreamPulls.Read.Events events -> {
          if (events.lost() && !marked) {
            lost(queue);
            marked = true;
          }
          Duration left = Duration.between(clock.instant(), deadline);
          if (!events.entries().isEmpty()
              || events.expiredSkipped() > 0
              || left.isNegative()
              || left.isZero()) {
            return answer(queue, events);
          }
          signals.await(queue.code(), left);
          // the acknowledgement took; looking again must not depend on it
          ack = null;
        }
      }
    }
  }

  /**
   * Redis lost payloads of events the queue's entries name (a failover of a tenant's slot that lost
   * its last writes): the pull stopped before them, and the queue is rebuilt from PostgreSQL by the
   * next check, from the acknowledged position.
   */
  private void lost(QueueStore.Queue queue) {
    try {
      if (checkpoints.markLost(queue.code())) {
        log.warn(
            "Subscription queue {}: Redis lost the payloads of events its stream names; pulls"
                + " stop before them until the next check rebuilds it from PostgreSQL",
            queue.code());
      }
    } catch (RuntimeException e) {
      log.warn("Could not mark subscription queue {} for rebuilding", queue.code(), e);
    }
  }

  private Pulled answer(QueueStore.Queue queue, StreamPulls.Read.Events events) {
    var entries = events.entries();
    var last = events.last();
    String ackId = ackIds.sign(queue.code(), new AckIds.Ack(events.version(), last.id(), last.n()));
    return new Pulled(
        entries.stream().map(StreamPulls.Entry::event).toList(), ackId, events.expiredSkipped());
  }

  private static ApiException staleAck() {
    return ApiException.conflict(
        "The ack_id does not fit this queue's position (unknown, another queue's, or from before"
            + " its last move); nothing changed. Pull without ack_id to read from the position.");
  }

  void seek(QueueStore.Queue queue, Instant to) {
    streams.seek(queue.code(), to);
  }
}
