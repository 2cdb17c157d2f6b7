package dev.allegro.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.Tenants;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.TestData;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A deleted tenant's outbox rows, waiting or kept for a retaining target, and its marks are deleted
 * with it, and those a late relay pass made by the hourly purge; a live tenant's stay. The rows'
 * target is one no node has, so the relay leaves them where the test put them.
 */
@AllegroTest
class OutboxPurgeIT {

  @Autowired OutboxStore store;
  @Autowired OutboxPurge purge;
  @Autowired Tenants tenants;
  @Autowired TestData data;
  @Autowired JdbcClient jdbc;

  private void rows(Tenant tenant, int count) {
    store.append(
        IntStream.range(0, count)
            .mapToObj(i -> new OutboxStore.NewRow(tenant.id(), "purge-test", "{}", 1))
            .toList());
    // half of them kept as delivered, as a retaining target's are until the consumer removes them
    jdbc.sql(
            """
            UPDATE outbox SET delivered = 1 WHERE tenant_id = :tenant
              AND seq % 2 = 0
            """)
        .param("tenant", tenant.id().value())
        .update();
    jdbc.sql(
            "INSERT INTO outbox_marks (tenant_id, target, delivered) VALUES (:tenant, 'purge-test', 1)")
        .param("tenant", tenant.id().value())
        .update();
  }

  private long count(String table, Tenant tenant) {
    return jdbc.sql("SELECT count(*) FROM " + table + " WHERE tenant_id = :tenant")
        .param("tenant", tenant.id().value())
        .query(Long.class)
        .single();
  }

  @Test
  void aTenantsRowsAndMarksAreDeletedWithItAndALiveTenantsStay() {
    Tenant gone = data.tenant("purged-shop");
    Tenant live = data.tenant("kept-shop");
    rows(gone, RetainedRows.COMPACTION_STEP + 5); // more than one step
    rows(live, 3);

    tenants.delete(gone);

    for (String table : List.of("outbox", "outbox_marks")) {
      assertThat(count(table, gone)).as(table + " of the deleted tenant").isZero();
    }
    assertThat(count("outbox", live)).isEqualTo(3);
    assertThat(count("outbox_marks", live)).isEqualTo(1);
  }

  @Test
  void whatARelayPassRunningAtTheDeletionMarkedAfterItIsDeletedByThePurge() {
    Tenant gone = data.tenant("late-shop");
    Tenant live = data.tenant("late-kept-shop");
    rows(live, 3);
    tenants.delete(gone);
    rows(gone, 4); // the pass's rows, kept and marked after the deletion

    purge.run();

    for (String table : List.of("outbox", "outbox_marks")) {
      assertThat(count(table, gone)).as(table + " of the deleted tenant").isZero();
    }
    assertThat(count("outbox", live)).isEqualTo(3);
    assertThat(count("outbox_marks", live)).isEqualTo(1);
  }
}
