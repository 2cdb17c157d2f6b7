package dev.allegro.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.outbox.OutboxRow;
import dev.allegro.tenancy.TenantId;
import dev.allegro.test.AllegroTest;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The relay's batches from the outbox table: at most a batch's worth of items, whether rows hold
 * one item or many, and never nothing while rows wait. Rows of a target no node has are left alone
 * by the relay, so the test's stay where it put them.
 */
@AllegroTest
class OutboxBatchIT {

  @Autowired OutboxStore store;

  private static List<String> lines(int count, String prefix) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> "{\"n\":\"" + prefix + i + "\"}").toList();
  }

  private void append(TenantId tenant, String target, int... sizes) {
    int seq = 0;
    for (int size : sizes) {
      store.append(
          List.of(
              new OutboxStore.NewRow(
                  tenant, target, String.join("\n", lines(size, "r" + seq++ + ".")), size)));
    }
  }

  private List<Integer> batch(TenantId tenant, String target) {
    return store.next(tenant, target, OutboxDrain.BATCH).stream().map(OutboxRow::items).toList();
  }

  @Test
  void aBatchHoldsAtMostABatchOfItemsAcrossRowsOfMany() {
    var tenant = new TenantId(900_001);
    append(tenant, "batch-test", 300, 300, 400, 1, 5);
    assertThat(batch(tenant, "batch-test")).containsExactly(300, 300, 400);
  }

  @Test
  void aRowOfMoreThanABatchComesAloneAndFirst() {
    var tenant = new TenantId(900_002);
    append(tenant, "batch-test", 1500, 1);
    assertThat(batch(tenant, "batch-test")).containsExactly(1500);
    var row = store.next(tenant, "batch-test", OutboxDrain.BATCH).getFirst();
    assertThat(row.each())
        .hasSize(1500)
        .startsWith("{\"n\":\"r0.1\"}")
        .endsWith("{\"n\":\"r0.1500\"}");
  }

  @Test
  void rowsOfOneItemComeABatchAtATime() {
    var tenant = new TenantId(900_003);
    store.append(
        IntStream.range(0, 1200)
            .mapToObj(i -> new OutboxStore.NewRow(tenant, "batch-test", "{}", 1))
            .toList());
    assertThat(batch(tenant, "batch-test")).hasSize(OutboxDrain.BATCH);
    var waiting = store.waiting(tenant, "batch-test");
    assertThat(waiting.rows()).isEqualTo(1200);
  }

  @Test
  void whatWaitsCountsItemsAndTheOldestIsItsFirstItem() {
    var tenant = new TenantId(900_004);
    append(tenant, "batch-test", 3, 2);
    var waiting = store.waiting(tenant, "batch-test");
    assertThat(waiting.rows()).isEqualTo(5);
    assertThat(waiting.oldestJson()).isEqualTo("{\"n\":\"r0.1\"}");
  }
}
