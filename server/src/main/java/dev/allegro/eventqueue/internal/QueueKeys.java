package dev.allegro.eventqueue.internal;

import dev.allegro.eventqueue.QueueKind;
import dev.allegro.system.AllegroProperties;
import dev.allegro.tenancy.TenantId;
import org.springframework.stereotype.Component;

/**
 * Every Redis key of the tenant queues. All of one tenant's keys share the hash tag {@code {t:ID}},
 * so each script touches one Redis Cluster slot.
 */
@Component
public class QueueKeys {

  private final String prefix;

  QueueKeys(AllegroProperties properties) {
    this.prefix = properties.redisPrefix();
  }

  /** The list consumers read: {@code allegro:{t:42}:events}. */
  public String queue(TenantId tenant, QueueKind kind) {
    return prefix + "{t:" + tenant.value() + "}:" + kind.key();
  }

  /** Outbox seqs pushed but not yet confirmed delivered in the outbox. */
  String relayed(TenantId tenant, QueueKind kind) {
    return queue(tenant, kind) + ":relayed";
  }

  /** The number of the last outbox relay pass the queue holds. */
  String mark(TenantId tenant, QueueKind kind) {
    return queue(tenant, kind) + ":mark";
  }
}
