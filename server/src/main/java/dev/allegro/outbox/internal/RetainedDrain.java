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
 * Callers hold the relay's lock for the tenant and target, renewed before each batch, so nothing
 * else writes the store meanwhile.
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
  int drain(TenantId tenant, RetainingTarget target, OutboxDrain.Lease lease) {
    String name = target.name();
    int moved = 0;
    boolean rebuilt = false;
    while (true) {
      List<OutboxRow> batch = waiting.next(tenant, name, OutboxDrain.BATCH);
      if (batch.isEmpty()) {
        return moved;
      }
      lease.renew();
      var recorded = retained.recorded(tenant, name);
      if (recorded.rebuilding() && !rebuilt) {
        rebuild(tenant, target, lease, "a rebuild began and did not finish");
        rebuilt = true;
        continue;
      }
      var marks = new Marks(recorded.delivered(), retained.nextPass());
      int taken;
      try {
        taken = target.deliver(tenant, batch, marks);
      } catch (RetainingTarget.Lost lost) {
        if (rebuilt) {
          throw lost; // lost again since the rebuild: the next pass starts over
        }
        rebuild(
            tenant, target, lease, lost.getMessage() + ", PostgreSQL recorded " + marks.expected());
        rebuilt = true;
        continue;
      }
      metrics.pushed(name, taken);
      if (taken > 0) {
        List<Long> done = batch.subList(0, taken).stream().map(OutboxRow::seq).toList();
        if (retained.delivered(tenant, name, done, marks.next()) > 0) {
          retained.compact(tenant, name);
        }
        target.forget(tenant, done);
        moved += taken;
      }
      if (taken < batch.size()) {
        return moved; // the target is full
      }
    }
  }

  /**
   * Rebuilds the store if its mark is below the one PostgreSQL recorded, or a rebuild broke off.
   */
  void verify(TenantId tenant, RetainingTarget target, OutboxDrain.Lease lease) {
    lease.renew();
    var recorded = retained.recorded(tenant, target.name());
    long held = target.mark(tenant);
    if (recorded.rebuilding()) {
      rebuild(tenant, target, lease, "a rebuild began and did not finish");
    } else if (held < recorded.delivered()) {
      rebuild(
          tenant,
          target,
          lease,
          "its mark is " + held + ", PostgreSQL recorded " + recorded.delivered());
    }
  }

  /** Deletes the rows of removals made before their rows were marked, a step at a time. */
  void compact(TenantId tenant, String target) {
    while (retained.compact(tenant, target) == RetainedRows.COMPACTION_STEP) {
      // a step deleted as many as it may: there may be more
    }
  }

  /**
   * Replaces what the store holds with the delivered rows its consumer has not removed, in the
   * order it first received them. PostgreSQL notes the rebuild first and its end last, so a node
   * that dies in between leaves it to be done again; the store keeps the rebuild's number as its
   * mark from the start, so a loss during the rebuild is found as any other.
   */
  private void rebuild(
      TenantId tenant, RetainingTarget target, OutboxDrain.Lease lease, String why) {
    String name = target.name();
    compact(tenant, name);
    retained.rebuilding(tenant, name);
    long pass = retained.nextPass();
    target.reset(tenant, pass);
    var marks = new Marks(pass, 0);
    long restored = 0;
    var after = RetainedRows.Position.START;
    while (true) {
      var rows = retained.after(tenant, name, after, OutboxDrain.BATCH);
      if (rows.isEmpty()) {
        break;
      }
      lease.renew();
      var batch = rows.stream().map(RetainedRows.Delivered::row).toList();
      int taken = target.deliver(tenant, batch, marks);
      restored += taken;
      if (taken > 0) {
        target.forget(tenant, batch.subList(0, taken).stream().map(OutboxRow::seq).toList());
        after = rows.get(taken - 1).position();
      }
      if (taken < batch.size()) {
        // the store is full (its cap was lowered): the rest waits to be pushed as room comes
        retained.undeliver(tenant, name, after);
        log.warn(
            "Tenant {}'s {} store was full after {} restored items; the rest waits in the outbox",
            tenant.value(),
            name,
            restored);
        break;
      }
    }
    retained.rebuilt(tenant, name, pass);
    metrics.rebuilt(name, restored);
    log.warn(
        "Tenant {}'s {} store lost writes ({}): rebuilt it from PostgreSQL with the {} items its"
            + " consumer had not removed",
        tenant.value(),
        name,
        why,
        restored);
  }
}
