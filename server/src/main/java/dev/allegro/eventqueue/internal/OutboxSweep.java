package dev.allegro.eventqueue.internal;

import dev.allegro.eventqueue.EventQueueProperties;
import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Every second on every web node, the relay looks for outbox items a wake-up missed: left while
 * Redis was down, held back by a full queue, or committed by a node that died before relaying them.
 * Every node, because each relays with its own thread; a per-queue lock keeps two from pushing the
 * same queue.
 */
@Component
class OutboxSweep implements PeriodicTask {

  private final OutboxRelay relay;
  private final Duration period;

  OutboxSweep(OutboxRelay relay, EventQueueProperties properties) {
    this.relay = relay;
    this.period = properties.relaySweep();
  }

  @Override
  public String name() {
    return "eventqueue:outbox-sweep";
  }

  @Override
  public Duration period() {
    return period;
  }

  @Override
  public Scope scope() {
    return Scope.EVERY_NODE;
  }

  @Override
  public Role role() {
    return Role.WEB;
  }

  @Override
  public void run() {
    relay.sweep();
  }
}
