package dev.allegro.outbox.internal;

import dev.allegro.outbox.OutboxMetrics;
import dev.allegro.outbox.OutboxRow;
import dev.allegro.outbox.RetainingTarget;
import dev.allegro.outbox.RetainingTarget.Marks;
import dev.allegro.tenancy.TenantId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@link OutboxDrain} for a {@link RetainingTarget}: each batch goes to the store with the pass's
 * marks and is then marked delivered rather than deleted; a store found to have lost writes is
 * rebuilt from the delivered rows its consumer has not removed, then the waiting rows follow.
 * Callers hold the relay's lock for the tenant and target, so nothing else writes the store
 * meanwhile.
 */
@Component
class RetainedDrain {

  private static final Logger log = LoggerFactory.getLogger(RetainedDrain.class);

  private final OutboxDrain.Rows waiting;
  private final RetainedRows retained;
  private final OutboxMetrics metrics;

  RetainedDrain(OutboxDrain.Rows waiting, RetainedRows retained, OutboxMetrics metrics) {
    this.waiting = waiting;
    this.retained = retained;
    this.metrics = metrics;
  }

  /**
   * @return how many waiting rows the target took
   */
  int drain(TenantId tenant, RetainingTarget target) {
    int moved = 0;
    boolean rebuilt = false;
    while (true) {
      List<OutboxRow> batch = waiting.next(tenant, target.name(), OutboxDrain.BATCH);
      if (batch.isEmpty()) {
        return moved;
      }
      Marks marks = retained.begin(tenant, target.name());
      int taken;
      try {
        taken = target.deliver(tenant, batch, marks);
      } catch (RetainingTarget.Lost lost) {
        if (rebuilt) {
          throw lost; // lost again while rebuilding: the next pass starts over
        }
        rebuild(tenant, target, marks.expected(), lost.getMessage());
        rebuilt = true;
        continue;
      }
      metrics.pushed(target.name(), taken);
      if (taken > 0) {
        List<Long> done = batch.subList(0, taken).stream().map(OutboxRow::seq).toList();
        if (retained.delivered(tenant, target.name(), done, marks.next()) > 0) {
          retained.compact(tenant, target.name());
        }
        target.forget(tenant, done);
        moved += taken;
      }
      if (taken < batch.size()) {
        return moved; // the target is full
      }
    }
  }

  /** Rebuilds the store if its mark is below the one PostgreSQL recorded. */
  void verify(TenantId tenant, RetainingTarget target) {
    Marks marks = retained.begin(tenant, target.name());
    long held = target.mark(tenant);
    if (held < marks.expected()) {
      rebuild(
          tenant,
          target,
          marks.expected(),
          "its mark is " + held + ", PostgreSQL recorded " + marks.expected());
    }
  }

  /**
   * Replaces what the store holds with the delivered rows its consumer has not removed, in the
   * order it first received them.
   */
  private void rebuild(TenantId tenant, RetainingTarget target, long recorded, String why) {
    String name = target.name();
    retained.compact(tenant, name);
    long pass = retained.begin(tenant, name).next();
    target.reset(tenant, pass);
    var marks = new Marks(pass, pass);
    long restored = 0;
    var after = RetainedRows.Position.START;
    while (true) {
      var rows = retained.after(tenant, name, after, OutboxDrain.BATCH);
      if (rows.isEmpty()) {
        break;
      }
      var batch = rows.stream().map(RetainedRows.Delivered::row).toList();
      int taken = target.deliver(tenant, batch, marks);
      restored += taken;
      if (taken < batch.size()) {
        log.warn(
            "Tenant {}'s {} store was full after {} restored items; the rest stays in the outbox"
                + " as delivered",
            tenant.value(),
            name,
            restored);
        break;
      }
      after = rows.getLast().position();
    }
    retained.recorded(tenant, name, pass);
    metrics.rebuilt(name, restored);
    log.warn(
        "Tenant {}'s {} store lost writes ({}; recorded pass {}): rebuilt it from PostgreSQL"
            + " with the {} items its consumer had not removed",
        tenant.value(),
        name,
        why,
        recorded,
        restored);
  }
}
