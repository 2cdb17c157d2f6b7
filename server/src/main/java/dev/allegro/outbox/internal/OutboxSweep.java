package dev.allegro.outbox.internal;

import dev.allegro.outbox.OutboxProperties;
import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Every second on every web node, the relay looks for outbox rows a wake-up missed: left while a
 * target was down, held back by a full target, or committed by a node that died before relaying
 * them. Every node, because each relays with its own thread; a lock per tenant and target keeps two
 * from delivering the same rows.
 */
@Component
class OutboxSweep implements PeriodicTask {

  private final OutboxRelay relay;
  private final Duration period;

  OutboxSweep(OutboxRelay relay, OutboxProperties properties) {
    this.relay = relay;
    this.period = properties.relaySweep();
  }

  @Override
  public Schedule schedule() {
    return Schedule.onEveryNode("outbox:sweep", period, Role.WEB);
  }

  @Override
  public void run() {
    relay.sweep();
  }
}
