package dev.allegro.outbox.internal;

import dev.allegro.outbox.OutboxProperties;
import dev.allegro.outbox.RetainingTarget;
import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds retaining targets' stores that lost writes while nothing was relayed to them (a queue whose
 * tenant is quiet, after Redis restarted empty): every few seconds, on one web node, it compares
 * each store's mark with the one PostgreSQL recorded and has the relay rebuild the ones below it. A
 * store that is relayed to finds out on its next pass anyway.
 */
@Component
class OutboxVerify implements PeriodicTask {

  private static final Logger log = LoggerFactory.getLogger(OutboxVerify.class);

  private final RetainedRows retained;
  private final OutboxTargets targets;
  private final OutboxRelay relay;
  private final RetainedDrain drain;
  private final Duration period;

  OutboxVerify(
      RetainedRows retained,
      OutboxTargets targets,
      OutboxRelay relay,
      RetainedDrain drain,
      OutboxProperties properties) {
    this.retained = retained;
    this.targets = targets;
    this.relay = relay;
    this.drain = drain;
    this.period = properties.verifyEvery();
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes("outbox:verify", period, Role.WEB);
  }

  @Override
  public void run() {
    for (RetainedRows.Mark mark : retained.marks()) {
      if (targets.named(mark.target()).orElse(null) instanceof RetainingTarget target) {
        try {
          if (mark.rebuilding() || target.mark(mark.tenant()) < mark.delivered()) {
            relay.verify(mark.tenant(), mark.target());
          }
          if (mark.consumed() > 0) {
            // removals that came before their rows were marked, or beyond one step
            drain.compact(mark.tenant(), mark.target());
          }
        } catch (RuntimeException e) {
          // Redis or PostgreSQL is down: the relay reports that, and this runs again
          log.debug(
              "Could not check tenant {}'s {} store: {}",
              mark.tenant().value(),
              mark.target(),
              e.toString());
        }
      }
    }
  }
}
