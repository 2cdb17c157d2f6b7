package dev.allegro.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.test.AllegroTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

@AllegroTest
@Import(Probe.Handlers.class)
@TestPropertySource(properties = {"allegro.roles=web,worker", "allegro.jobs.connection=sync"})
class JobSyncConnectionIT {

  @Autowired Jobs jobs;
  @Autowired Supervisor supervisor;
  @Autowired HorizonControl horizon;
  @Autowired JobMonitor monitor;

  @Test
  void aConnectionOtherThanRedisStartsTheSupervisorButNoWorkerAndJobsWait() {
    assertThat(supervisor.isRunning()).isTrue();
    assertThat(supervisor.status().workers()).isEmpty();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                horizon.supervisors().stream()
                    .anyMatch(s -> s.status() == SupervisorStatus.NO_WORKERS));

    jobs.dispatch(new Probe.Mark("sync-waits"));

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(2))
        .until(() -> monitor.size("default").ready() == 1);
    assertThat(Probe.started).doesNotContain("sync-waits");
  }
}
