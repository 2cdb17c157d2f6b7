package dev.allegro.webhooks.internal;

import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.Jobs;
import dev.allegro.outbox.Committed;
import dev.allegro.outbox.OutboxRow;
import dev.allegro.outbox.OutboxTarget;
import dev.allegro.system.CacheInvalidation;
import dev.allegro.tenancy.TenantId;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Forwarders as an outbox target: each committed event becomes one {@code forwarding.send} job per
 * forwarder taking its type, on that forwarder's queue, with its body built now. A relay that dies
 * between queueing and deleting its rows queues them again (at least once).
 */
@Component
class ForwarderTarget implements OutboxTarget {

  static final String NAME = "forwarders";
  static final String TOPIC = "webhooks:forwarders";

  private final ForwarderStore forwarders;
  private final Jobs jobs;
  private final CacheInvalidation invalidation;
  private final LoadingCache<TenantId, List<Forwarder>> cache;

  ForwarderTarget(ForwarderStore forwarders, Jobs jobs, CacheInvalidation invalidation) {
    this.forwarders = forwarders;
    this.jobs = jobs;
    this.invalidation = invalidation;
    this.cache = invalidation.cache(TOPIC, Duration.ofSeconds(30), forwarders::list);
  }

  void changed() {
    invalidation.broadcast(TOPIC);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean accepts(Committed item) {
    return item instanceof Committed.Event event
        && cache.get(event.tenant()).stream().anyMatch(f -> f.wants(event.type()));
  }

  @Override
  public int deliver(TenantId tenant, List<OutboxRow> rows) {
    List<Forwarder> all = forwarders.list(tenant);
    for (OutboxRow row : rows) {
      var event = Payloads.Event.parse(row.json());
      for (Forwarder forwarder : all) {
        if (forwarder.wants(event.type())) {
          jobs.dispatch(
              new ForwardEvent(
                  forwarder.id(), event.id(), FieldMapping.body(forwarder.mapping(), event.json())),
              Dispatch.defaults().onQueue(forwarder.queue()));
        }
      }
    }
    return rows.size();
  }
}
