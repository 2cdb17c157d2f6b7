package dev.allegro.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.jobs.internal.JobKeys;
import dev.allegro.jobs.internal.JobMetricsStore;
import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.test.AllegroTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** One worker, strict priority, against the test's Redis and PostgreSQL. */
@AllegroTest
@Import(Probe.Handlers.class)
@TestPropertySource(
    properties = {"allegro.jobs.lease-margin=1s", "allegro.jobs.supervisor.max-processes=1"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobEngineIT {

  @Autowired Jobs jobs;
  @Autowired Supervisor supervisor;
  @Autowired JobMonitor monitor;
  @Autowired FailedJobs failedJobs;
  @Autowired JdbcClient jdbc;
  @Autowired JobMetricsStore metrics;
  @Autowired JobKeys keys;
  @Autowired StringRedisTemplate redis;

  @BeforeAll
  void startOneWorker() {
    supervisor.start();
  }

  @AfterAll
  void stopWorker() {
    supervisor.drain(Duration.ofSeconds(5));
  }

  @Test
  void highJobRunsNextWhileDefaultJobsWaitAndTheInFlightJobIsNotPreempted() {
    // given a default job in flight and two more default jobs waiting
    jobs.dispatch(new Probe.Hold("p-running"));
    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.started.contains("p-running"));
    jobs.dispatch(new Probe.Mark("p-default-1"));
    jobs.dispatch(new Probe.Mark("p-default-2"));

    // when a high job arrives, then the running job finishes
    jobs.dispatch(new Probe.Mark("p-high"), Dispatch.defaults().onQueue(Queues.HIGH));
    assertThat(Probe.started).doesNotContain("p-high");
    Probe.gate("p-running").countDown();

    // then the high job runs next, before the waiting default jobs
    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.finished.contains("p-default-2"));
    List<String> order = Probe.finished.stream().filter(key -> key.startsWith("p-")).toList();
    assertThat(order).containsExactly("p-running", "p-high", "p-default-1", "p-default-2");
  }

  @Test
  void jobsKeepFlowingAfterRedisForgetsItsScripts() {
    jobs.dispatch(new Probe.Mark("before-flush"));
    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.finished.contains("before-flush"));

    // as after a Redis restart: every cached script is gone
    redis.execute(
        (RedisCallback<Void>)
            connection -> {
              connection.scriptingCommands().scriptFlush();
              return null;
            });

    jobs.dispatch(new Probe.Mark("after-flush"));
    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.finished.contains("after-flush"));
    assertThat(Probe.runsOf("after-flush")).isEqualTo(1);
    assertThat(monitor.size("default").reserved()).isZero();
  }

  @Test
  void aDelayedJobRunsAfterItsDelay() {
    Instant dispatched = Instant.now();
    jobs.dispatch(new Probe.Mark("delayed"), Dispatch.defaults().delay(Duration.ofSeconds(1)));

    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.finished.contains("delayed"));
    assertThat(Duration.between(dispatched, Probe.attempts.get("delayed").getFirst()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void retriesWaitTheirBackoffAndTheJobCompletes() {
    jobs.dispatch(new Probe.Flaky("backoff", 2), Dispatch.defaults().tries(3).backoff(1, 2));

    await().atMost(Duration.ofSeconds(15)).until(() -> Probe.finished.contains("backoff"));
    var times = Probe.attempts.get("backoff");
    assertThat(times).hasSize(3);
    assertThat(Duration.between(times.get(0), times.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(Duration.between(times.get(1), times.get(2)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1950));
  }

  @Test
  void aJobThatExhaustsItsTriesLandsInFailedJobsWithItsException() {
    var id =
        jobs.dispatch(
                "diagnostics.fail",
                JsonMapper.builder().build().readTree("{\"message\":\"boom\"}"),
                1,
                Dispatch.defaults().tries(2))
            .getFirst();

    await().atMost(Duration.ofSeconds(10)).until(() -> failedJobs.find(id).isPresent());
    var failed = failedJobs.find(id).orElseThrow();
    assertThat(failed.queue()).isEqualTo("default");
    assertThat(failed.connection()).isEqualTo("redis");
    assertThat(failed.exception()).contains("IllegalStateException: boom").contains("\tat ");
    assertThat(failed.payload()).contains("\"attempts\":2");
    var record = monitor.job(id).orElseThrow();
    assertThat(record.status()).isEqualTo(JobStatus.FAILED);
    assertThat(monitor.jobs(JobStatus.FAILED, 10)).extracting(JobRecord::id).contains(id);
  }

  @Test
  void aJobOverItsTimeoutIsInterruptedAndFailsOnItsLastTry() {
    var id =
        jobs.dispatch(
                "diagnostics.sleep",
                JsonMapper.builder().build().readTree("{\"ms\":30000}"),
                1,
                Dispatch.defaults().timeout(Duration.ofSeconds(1)))
            .getFirst();

    await().atMost(Duration.ofSeconds(10)).until(() -> failedJobs.find(id).isPresent());
    assertThat(failedJobs.find(id).orElseThrow().exception())
        .contains("JobTimeoutException")
        .contains("timeout of 1s");
  }

  @Test
  void aJobDeafToItsTimeoutIsLeftToItsWorkerAndANewWorkerTakesItsPlace() {
    // one worker; a job that ignores the interrupt of its 1 s timeout holds it
    jobs.dispatch(new Probe.Stubborn("deaf"), Dispatch.defaults().timeout(Duration.ofSeconds(1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.started.contains("deaf"));

    // after its timeout and the lease margin, another worker takes the next job
    jobs.dispatch(new Probe.Mark("after-deaf"));
    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.finished.contains("after-deaf"));
    assertThat(Probe.finished).doesNotContain("deaf");
    assertThat(supervisor.status().workers()).hasSize(1);

    Probe.gate("deaf").countDown();
  }

  @Test
  void anUnknownJobTypeFailsThatJobAndNotTheWorker() {
    var id =
        jobs.dispatch(
                "no.such.type",
                JsonMapper.builder().build().createObjectNode(),
                1,
                Dispatch.defaults().tries(5))
            .getFirst();
    jobs.dispatch(new Probe.Mark("after-unknown"));

    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.finished.contains("after-unknown"));
    assertThat(failedJobs.find(id).orElseThrow().exception())
        .contains("No handler for job type 'no.such.type'");
  }

  @Test
  void aRetriedFailedJobRunsAgainAndLeavesTheTable() {
    var id = jobs.dispatch(new Probe.Flaky("retried", 1));
    await().atMost(Duration.ofSeconds(10)).until(() -> failedJobs.find(id).isPresent());

    failedJobs.retry(id);

    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.finished.contains("retried"));
    assertThat(failedJobs.find(id)).isEmpty();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> monitor.job(id).orElseThrow().status() == JobStatus.COMPLETED);
  }

  @Test
  void completedJobsCountInTheQueueSizesAndRecords() {
    var id = jobs.dispatch(new Probe.Mark("recorded"), Dispatch.defaults().tags("t:1"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> monitor.job(id).map(JobRecord::status).orElse(null) == JobStatus.COMPLETED);
    var record = monitor.job(id).orElseThrow();
    assertThat(record.type()).isEqualTo("test.mark");
    assertThat(record.tags()).containsExactly("t:1");
    assertThat(record.attempts()).isEqualTo(1);
    assertThat(record.completedAt()).isNotNull();
    assertThat(monitor.size("default").reserved()).isZero();
    assertThat(
            jdbc.sql("SELECT count(*) FROM failed_jobs WHERE uuid = ?")
                .param(id.value())
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void eachFinishedJobCountsInItsTypesThroughputAverageRuntimeAndFailures() {
    var json = JsonMapper.builder().build();
    metrics.take(keys.jobMetrics("diagnostics.sleep")); // earlier tests' jobs counted there too
    metrics.take(keys.jobMetrics("diagnostics.fail"));
    var fast =
        jobs.dispatch("diagnostics.sleep", json.readTree("{\"ms\":40}"), 1, Dispatch.defaults());
    var slow =
        jobs.dispatch("diagnostics.sleep", json.readTree("{\"ms\":120}"), 1, Dispatch.defaults());
    var failing =
        jobs.dispatch("diagnostics.fail", json.createObjectNode(), 1, Dispatch.defaults());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                monitor.job(slow.getFirst()).map(JobRecord::status).orElse(null)
                        == JobStatus.COMPLETED
                    && monitor.job(failing.getFirst()).map(JobRecord::status).orElse(null)
                        == JobStatus.FAILED);
    assertThat(monitor.job(fast.getFirst()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);

    assertThat(metrics.measuredJobs()).contains("diagnostics.sleep", "diagnostics.fail");
    assertThat(metrics.measuredQueues()).contains("default");
    var sleep = metrics.take(keys.jobMetrics("diagnostics.sleep"));
    assertThat(sleep.throughput()).isEqualTo(2);
    assertThat(sleep.runtime()).isBetween(80.0, 500.0); // the mean of about 40 and 120 ms
    assertThat(sleep.failed()).isZero();
    var fail = metrics.take(keys.jobMetrics("diagnostics.fail"));
    assertThat(fail.throughput()).isZero();
    assertThat(fail.failed()).isEqualTo(1);
  }
}
