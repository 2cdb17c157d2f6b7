package dev.allegro.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allegro.outbox.Committed;
import dev.allegro.outbox.OutboxMetrics;
import dev.allegro.outbox.OutboxRow;
import dev.allegro.outbox.OutboxTarget;
import dev.allegro.tenancy.TenantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The drain for targets that keep nothing (a retaining one goes to RetainedDrain, tested in
 * RedisDataLossIT).
 */
class OutboxDrainTest {

  private static final TenantId TENANT = new TenantId(7);
  private static final OutboxDrain.Lease NO_LEASE = () -> {};

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final OutboxMetrics metrics = new OutboxMetrics(registry);

  private double pushed(String target) {
    var counter = registry.find(OutboxMetrics.PUSHED).tag(OutboxMetrics.TARGET, target).counter();
    return counter == null ? 0 : counter.count();
  }

  /** The outbox table: rows by seq, and how each read was asked for. */
  static final class FakeRows implements OutboxDrain.Rows {
    final TreeMap<Long, String> rows = new TreeMap<>();
    final List<Integer> limits = new ArrayList<>();

    FakeRows with(long count) {
      LongStream.rangeClosed(1, count).forEach(seq -> rows.put(seq, "{\"id\":\"" + seq + "\"}"));
      return this;
    }

    @Override
    public List<OutboxRow> next(TenantId tenant, String target, int limit) {
      limits.add(limit);
      return rows.entrySet().stream()
          .limit(limit)
          .map(e -> new OutboxRow(e.getKey(), e.getValue()))
          .toList();
    }

    @Override
    public void delete(List<Long> seqs) {
      seqs.forEach(rows::remove);
    }
  }

  /** A target like a Redis list with a cap, which can be told to fail its next delivery. */
  static final class FakeQueues implements OutboxTarget {
    final String name;
    final List<String> items = new ArrayList<>();
    final List<Integer> pushSizes = new ArrayList<>();
    final List<Long> confirmed = new ArrayList<>();
    long cap = Long.MAX_VALUE;
    int failOnPush = -1;

    FakeQueues(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean accepts(Committed item) {
      return true;
    }

    @Override
    public int deliver(TenantId tenant, List<OutboxRow> rows) {
      pushSizes.add(rows.size());
      if (pushSizes.size() == failOnPush) {
        throw new IllegalStateException("Redis is down");
      }
      int room = (int) Math.min(rows.size(), cap - items.size());
      rows.subList(0, room).forEach(r -> items.add(r.json()));
      return room;
    }

    @Override
    public void forget(TenantId tenant, List<Long> seqs) {
      confirmed.addAll(seqs);
    }
  }

  @Test
  void everyWaitingRowMovesInCommitOrderInBatchesOfAThousand() {
    var rows = new FakeRows().with(2_500);
    var queues = new FakeQueues("events");

    int moved = new OutboxDrain(rows, null, metrics).drain(TENANT, queues, NO_LEASE);

    assertThat(moved).isEqualTo(2_500);
    assertThat(queues.pushSizes).containsExactly(1_000, 1_000, 500);
    assertThat(rows.limits).containsOnly(OutboxDrain.BATCH);
    assertThat(queues.items.getFirst()).isEqualTo("{\"id\":\"1\"}");
    assertThat(queues.items.getLast()).isEqualTo("{\"id\":\"2500\"}");
    assertThat(rows.rows).isEmpty();
    assertThat(queues.confirmed).hasSize(2_500).isSorted();
    assertThat(pushed("events")).isEqualTo(2_500);
  }

  @Test
  void aFullQueueStopsThePassAndTheRestWaitsInTheOutbox() {
    var rows = new FakeRows().with(3_000);
    var queues = new FakeQueues("events");
    queues.cap = 1_500;

    int moved = new OutboxDrain(rows, null, metrics).drain(TENANT, queues, NO_LEASE);

    assertThat(moved).isEqualTo(1_500);
    assertThat(queues.pushSizes).as("no batch is read past the cap").containsExactly(1_000, 1_000);
    assertThat(rows.rows.firstKey()).isEqualTo(1_501L);
    assertThat(rows.rows).hasSize(1_500);
  }

  @Test
  void aFailedPushKeepsItsBatchInTheOutboxAndTheNextPassResumesFromIt() {
    var rows = new FakeRows().with(2_500);
    var queues = new FakeQueues("heartbeats");
    queues.failOnPush = 2;
    var drain = new OutboxDrain(rows, null, metrics);

    assertThatThrownBy(() -> drain.drain(TENANT, queues, NO_LEASE))
        .hasMessageContaining("Redis is down");

    assertThat(queues.items).hasSize(1_000);
    assertThat(rows.rows.firstKey()).as("only the pushed batch was deleted").isEqualTo(1_001L);
    assertThat(queues.confirmed).hasSize(1_000);

    queues.failOnPush = -1;
    assertThat(drain.drain(TENANT, queues, NO_LEASE)).isEqualTo(1_500);
    assertThat(queues.items).hasSize(2_500).doesNotHaveDuplicates();
    assertThat(rows.rows).isEmpty();
    assertThat(pushed("heartbeats")).isEqualTo(2_500);
    assertThat(pushed("events")).isZero();
  }

  @Test
  void anEmptyOutboxPushesNothing() {
    var queues = new FakeQueues("events");

    assertThat(new OutboxDrain(new FakeRows(), null, metrics).drain(TENANT, queues, NO_LEASE))
        .isZero();
    assertThat(queues.pushSizes).isEmpty();
  }
}
