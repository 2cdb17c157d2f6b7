package dev.allegro.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.test.AllegroTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/** Eight workers on one node, started through the worker role, and control through Redis. */
@AllegroTest
@Import(Probe.Handlers.class)
@TestPropertySource(
    properties = {"allegro.roles=web,worker", "allegro.jobs.supervisor.max-processes=8"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobWorkersIT {

  @Autowired Jobs jobs;
  @Autowired Supervisor supervisor;
  @Autowired HorizonControl horizon;
  @Autowired JobMonitor monitor;

  @Test
  @Order(1)
  void eachOfManyJobsRunsExactlyOnceAcrossEightWorkers() {
    assertThat(supervisor.isRunning()).isTrue();
    assertThat(supervisor.status().workers()).hasSize(8);
    var marks = new ArrayList<Probe.Mark>();
    IntStream.range(0, 2000).forEach(i -> marks.add(new Probe.Mark("once-" + i)));

    jobs.dispatchAll(marks.subList(0, 1000), Dispatch.defaults());
    marks.subList(1000, 2000).forEach(jobs::dispatch);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> IntStream.range(0, 2000).allMatch(i -> Probe.runsOf("once-" + i) >= 1));
    assertThat(IntStream.range(0, 2000).map(i -> Probe.runsOf("once-" + i)).distinct())
        .containsExactly(1);
    var size = monitor.size("default");
    assertThat(size.ready() + size.reserved() + size.delayed()).isZero();
  }

  @Test
  @Order(2)
  void pausedWorkersTakeNoJobUntilContinued() {
    await().atMost(Duration.ofSeconds(5)).until(() -> horizon.status() == HorizonStatus.RUNNING);

    horizon.pause();
    await().atMost(Duration.ofSeconds(5)).until(supervisor::paused);
    assertThat(horizon.status()).isEqualTo(HorizonStatus.PAUSED);
    jobs.dispatch(new Probe.Mark("while-paused"));

    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> !Probe.started.contains("while-paused"));
    assertThat(monitor.size("default").ready()).isEqualTo(1);

    horizon.resume();
    await().atMost(Duration.ofSeconds(5)).until(() -> Probe.finished.contains("while-paused"));
  }

  @Test
  @Order(3)
  void terminateStopsTheSupervisorOnEveryNode() {
    horizon.terminate();

    await().atMost(Duration.ofSeconds(30)).until(() -> !supervisor.isRunning());
    assertThat(horizon.status()).isEqualTo(HorizonStatus.INACTIVE);
    jobs.dispatch(new Probe.Mark("after-terminate"));
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !Probe.started.contains("after-terminate"));
  }
}
