package dev.allegro.outbox;

import dev.allegro.outbox.internal.OutboxRelay;
import dev.allegro.outbox.internal.OutboxStore;
import dev.allegro.outbox.internal.OutboxTargets;
import dev.allegro.outbox.internal.RetainedRows;
import dev.allegro.tenancy.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional outbox every consumer of committed events is fed from (DESIGN §8). Ingestion
 * appends what it committed in the same transaction, then calls {@link #committed}; the relay hands
 * each {@link OutboxTarget} its rows in commit order and retries while the target cannot take them,
 * so no committed item is ever missing from a target that accepted it.
 */
@Service
public class Outbox {

  private final OutboxStore store;
  private final OutboxTargets targets;
  private final OutboxRelay relay;
  private final RetainedRows retained;

  Outbox(OutboxStore store, OutboxTargets targets, OutboxRelay relay, RetainedRows retained) {
    this.store = store;
    this.targets = targets;
    this.relay = relay;
    this.retained = retained;
  }

  /** A tenant's rows waiting for a target. */
  public record Pending(TenantId tenant, String target) {}

  /**
   * Stores one row per item and accepting target (for a target that {@link
   * OutboxTarget#groupsItems() groups} items, one per tenant), within the caller's transaction.
   *
   * @return what now waits, to hand to {@link #committed} after the commit
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Set<Pending> append(List<? extends Committed> items) {
    var rows = new ArrayList<OutboxStore.NewRow>();
    var pending = new HashSet<Pending>();
    var groups = new LinkedHashMap<Pending, Group>();
    for (Committed item : items) {
      for (OutboxTarget target : targets.all()) {
        if (!target.accepts(item)) {
          continue;
        }
        var waiting = new Pending(item.tenant(), target.name());
        pending.add(waiting);
        if (target.groupsItems()) {
          groups.computeIfAbsent(waiting, p -> new Group()).add(target.line(item), waiting, rows);
        } else {
          rows.add(new OutboxStore.NewRow(item.tenant(), target.name(), item.json(), 1));
        }
      }
    }
    groups.forEach((waiting, group) -> group.close(waiting, rows));
    store.append(rows);
    return pending;
  }

  /** The items of one commit for one tenant and grouping target, becoming one row. */
  private static final class Group {
    private final StringBuilder lines = new StringBuilder();
    private int items;

    void add(String line, Pending pending, List<OutboxStore.NewRow> rows) {
      if (line.indexOf('\n') >= 0) {
        // a line break would split it: the item gets a row of its own, in its place
        close(pending, rows);
        rows.add(new OutboxStore.NewRow(pending.tenant(), pending.target(), line, 1));
        return;
      }
      if (items > 0) {
        lines.append('\n');
      }
      lines.append(line);
      items++;
    }

    void close(Pending pending, List<OutboxStore.NewRow> rows) {
      if (items > 0) {
        rows.add(
            new OutboxStore.NewRow(pending.tenant(), pending.target(), lines.toString(), items));
        lines.setLength(0);
        items = 0;
      }
    }
  }

  /** After the caller's commit: hand these rows to their targets now. */
  public void committed(Collection<Pending> pending) {
    pending.forEach(p -> relay.wake(p.tenant(), p.target()));
  }

  /**
   * What waits for a tenant's target: the number of rows and the oldest one's item.
   *
   * @param oldestJson the oldest waiting item, or null when none waits
   */
  public record Waiting(long rows, String oldestJson) {}

  /** What waits for {@code target} of {@code tenant}: a count and the oldest row, by index. */
  public Waiting waiting(TenantId tenant, String target) {
    return store.waiting(tenant, target);
  }

  /**
   * The consumer of a {@link RetainingTarget}'s store removed {@code count} items from its front:
   * their rows are no longer kept for a rebuild.
   */
  public void consumed(TenantId tenant, String target, long count) {
    if (count > 0) {
      retained.consumed(tenant, target, count);
    }
  }

  /** Every row of a tenant waiting for a target, oldest first. */
  public List<OutboxRow> waitingRows(TenantId tenant, String target) {
    return store.waitingRows(tenant, target);
  }

  /**
   * Waits until no node relays the tenant's rows to the target: a pass that starts after this
   * returned sees what the caller changed in the target's store before calling it.
   */
  public void awaitRelay(TenantId tenant, String target) {
    relay.awaitPass(tenant, target, Duration.ofSeconds(40));
  }

  /** A target may take rows it left behind (its consumer made room, say): relay them now. */
  public void wake(TenantId tenant, String target) {
    relay.wake(tenant, target);
  }
}
