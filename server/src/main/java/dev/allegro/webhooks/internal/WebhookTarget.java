package dev.allegro.webhooks.internal;

import dev.allegro.outbox.Committed;
import dev.allegro.outbox.OutboxRow;
import dev.allegro.outbox.OutboxTarget;
import dev.allegro.tenancy.TenantId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Webhooks as an outbox target: every committed event some active endpoint of its tenant takes
 * becomes one delivery per such endpoint, each with its job. A row the relay hands over again
 * (after a crash) makes no second delivery: deliveries are unique by endpoint and outbox row.
 */
@Component
class WebhookTarget implements OutboxTarget {

  static final String NAME = "webhooks";

  private final EndpointCache cache;
  private final EndpointStore endpoints;
  private final DeliveryStore deliveries;
  private final DeliveryDispatcher dispatcher;

  WebhookTarget(
      EndpointCache cache,
      EndpointStore endpoints,
      DeliveryStore deliveries,
      DeliveryDispatcher dispatcher) {
    this.cache = cache;
    this.endpoints = endpoints;
    this.deliveries = deliveries;
    this.dispatcher = dispatcher;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean accepts(Committed item) {
    return item instanceof Committed.Event event && cache.wanted(event.tenant(), event.type());
  }

  @Override
  public int deliver(TenantId tenant, List<OutboxRow> rows) {
    List<Endpoint> active = endpoints.list(tenant).stream().filter(Endpoint::active).toList();
    var made = new ArrayList<DeliveryStore.NewDelivery>();
    for (OutboxRow row : rows) {
      var event = Payloads.Event.parse(row.json());
      String payload = null;
      for (Endpoint endpoint : active) {
        if (endpoint.wants(event.type())) {
          payload = payload == null ? event.payload() : payload;
          made.add(
              new DeliveryStore.NewDelivery(
                  endpoint.id(), event.id(), event.type(), row.seq(), payload));
        }
      }
    }
    deliveries.insert(made);
    dispatcher.dispatchWaiting(tenant);
    return rows.size();
  }
}
