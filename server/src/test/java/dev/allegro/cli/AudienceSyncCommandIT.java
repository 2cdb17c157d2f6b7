package dev.allegro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.audience.AudienceMembers;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.TestData;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code audience:sync}: starts a run now, one job per member due, and skips a running one. */
@AllegroTest
class AudienceSyncCommandIT {

  @Autowired ApplicationContext context;
  @Autowired TestData data;
  @Autowired AudienceMembers members;
  @Autowired JdbcClient jdbc;

  @Test
  void audienceSyncStartsARunOfTheTenantsProviderAndSkipsItWhileItRuns() {
    Tenant tenant = data.tenant("clisync");
    data.tenant("clisync-other");
    members.findOrCreate(tenant.id(), "a@clisync.test", null);
    members.findOrCreate(tenant.id(), "b@clisync.test", null);
    for (String slug : new String[] {"clisync", "clisync-other"}) {
      jdbc.sql(
              "INSERT INTO audience_sync_http_providers (tenant_id, url, batch_size, updated_at)"
                  + " SELECT id, 'http://127.0.0.1:9/sync', 100, :now FROM tenants WHERE slug = :s")
          .param("now", Timestamp.from(Instant.now()))
          .param("s", slug)
          .update();
    }
    var cli = new CliRunner(context);

    var first = cli.run("audience:sync", "--tenant", "clisync");
    var second = cli.run("audience:sync", "--tenant", "clisync");
    var unknown = cli.run("audience:sync", "--tenant", "nobody");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).containsPattern("clisync +http +started +2 ");
    assertThat(first.out()).doesNotContain("clisync-other");
    assertThat(second.out()).containsPattern("clisync +http +skipped +0");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.err()).contains("No tenant is named nobody");
    int jobs =
        jdbc.sql(
                "SELECT count(*) FROM audience_sync_run_members m JOIN audience_sync_runs r"
                    + " ON r.id = m.run_id WHERE r.tenant_id = :t")
            .param("t", tenant.id().value())
            .query(Integer.class)
            .single();
    assertThat(jobs).isEqualTo(2);
  }
}
