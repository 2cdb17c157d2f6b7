package dev.allegro.jobs;

import static org.awaitility.Awaitility.await;

import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.test.AllegroTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** Auto balancing moves workers to the queue with a backlog, and back when it has drained. */
@AllegroTest
@TestPropertySource(
    properties = {
      "allegro.roles=web,worker",
      "allegro.jobs.supervisor.balance=auto",
      "allegro.jobs.supervisor.queue=high,default",
      "allegro.jobs.supervisor.min-processes=1",
      "allegro.jobs.supervisor.max-processes=6",
      "allegro.jobs.supervisor.balance-max-shift=2",
      "allegro.jobs.supervisor.balance-cooldown=200ms"
    })
class JobAutoBalanceIT {

  @Autowired Jobs jobs;
  @Autowired Supervisor supervisor;
  @Autowired JobMonitor monitor;

  @Test
  void workersFollowTheBacklogUpToMaxProcessesAndBackToOnePerQueue() {
    await().atMost(Duration.ofSeconds(5)).until(() -> workersOn("default") == 1);

    var sleep = JsonMapper.builder().build().createObjectNode().put("ms", 50);
    jobs.dispatch("diagnostics.sleep", sleep, 300, Dispatch.defaults());

    await().atMost(Duration.ofSeconds(10)).until(() -> workersOn("default") >= 4);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> monitor.size("default").ready() == 0 && monitor.size("default").reserved() == 0);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> workersOn("default") == 1 && workersOn("high") == 1);
  }

  private long workersOn(String queue) {
    return supervisor.status().workers().stream()
        .filter(worker -> worker.queues().getFirst().equals(queue))
        .count();
  }
}
