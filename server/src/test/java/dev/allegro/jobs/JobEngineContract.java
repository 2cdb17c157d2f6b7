package dev.allegro.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.jobs.internal.JobKeys;
import dev.allegro.jobs.internal.JobMetricsStore;
import dev.allegro.jobs.internal.JobsProperties;
import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.jobs.internal.SupervisorFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job engine's contract, run against one Redis ({@link JobEngineIT}) and a Redis Cluster
 * ({@link JobEngineClusterIT}): one worker, strict priority, retries, failures, timeouts, records
 * and metrics. Each test has queues and a supervisor of its own, so no test sees another's jobs or
 * workers, whatever the order they run in.
 */
@Import(Probe.Handlers.class)
@TestPropertySource(properties = "allegro.jobs.lease-margin=1s")
abstract class JobEngineContract {

  private static final AtomicInteger TESTS = new AtomicInteger();

  @Autowired Jobs jobs;
  @Autowired SupervisorFactory supervisors;
  @Autowired JobMonitor monitor;
  @Autowired FailedJobs failedJobs;
  @Autowired JdbcClient jdbc;
  @Autowired JobMetricsStore metrics;
  @Autowired JobKeys keys;
  @Autowired StringRedisTemplate redis;

  /** This test's queues, highest priority first, and the one worker that takes them. */
  String high;

  String normal;
  String test;
  Supervisor supervisor;

  @BeforeEach
  void startOneWorkerOnQueuesOfItsOwn() {
    test = "t" + TESTS.incrementAndGet() + "-" + getClass().getSimpleName().toLowerCase();
    high = test + "-high";
    normal = test + "-default";
    supervisor =
        supervisors.create(
            new JobsProperties.Supervisor(
                JobsProperties.Balance.FALSE,
                List.of(high, normal),
                1,
                1,
                1,
                Duration.ofSeconds(3),
                1,
                Duration.ofSeconds(60)));
    supervisor.start();
  }

  @AfterEach
  void stopWorker() {
    supervisor.drain(Duration.ofSeconds(5));
  }

  /** A probe key of this test's own: the same names in another test class are other jobs. */
  private String key(String name) {
    return test + ":" + name;
  }

  private Dispatch onNormal() {
    return Dispatch.defaults().onQueue(normal);
  }

  @Test
  void highJobRunsNextWhileDefaultJobsWaitAndTheInFlightJobIsNotPreempted() {
    // given a default job in flight and two more default jobs waiting
    jobs.dispatch(new Probe.Hold(key("p-running")), onNormal());
    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.started.contains(key("p-running")));
    jobs.dispatch(new Probe.Mark(key("p-default-1")), onNormal());
    jobs.dispatch(new Probe.Mark(key("p-default-2")), onNormal());

    // when a high job arrives, then the running job finishes
    jobs.dispatch(new Probe.Mark(key("p-high")), Dispatch.defaults().onQueue(high));
    assertThat(Probe.started).doesNotContain(key("p-high"));
    Probe.gate(key("p-running")).countDown();

    // then the high job runs next, before the waiting default jobs
    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.finished.contains(key("p-default-2")));
    List<String> order = Probe.finished.stream().filter(k -> k.startsWith(key("p-"))).toList();
    assertThat(order)
        .containsExactly(key("p-running"), key("p-high"), key("p-default-1"), key("p-default-2"));
  }

  @Test
  void jobsKeepFlowingAfterRedisForgetsItsScripts() {
    jobs.dispatch(new Probe.Mark(key("before-flush")), onNormal());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Probe.finished.contains(key("before-flush")));

    // as after a Redis restart: every cached script is gone
    redis.execute(
        (RedisCallback<Void>)
            connection -> {
              connection.scriptingCommands().scriptFlush();
              return null;
            });

    jobs.dispatch(new Probe.Mark(key("after-flush")), onNormal());
    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.finished.contains(key("after-flush")));
    assertThat(Probe.runsOf(key("after-flush"))).isEqualTo(1);
    assertThat(monitor.size(normal).reserved()).isZero();
  }

  @Test
  void aDelayedJobRunsAfterItsDelay() {
    Instant dispatched = Instant.now();
    jobs.dispatch(new Probe.Mark(key("delayed")), onNormal().delay(Duration.ofSeconds(1)));

    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.finished.contains(key("delayed")));
    assertThat(Duration.between(dispatched, Probe.attempts.get(key("delayed")).getFirst()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void retriesWaitTheirBackoffAndTheJobCompletes() {
    jobs.dispatch(new Probe.Flaky(key("backoff"), 2), onNormal().tries(3).backoff(1, 2));

    await().atMost(Duration.ofSeconds(15)).until(() -> Probe.finished.contains(key("backoff")));
    var times = Probe.attempts.get(key("backoff"));
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
                onNormal().tries(2))
            .getFirst();

    await().atMost(Duration.ofSeconds(10)).until(() -> failedJobs.find(id).isPresent());
    var failed = failedJobs.find(id).orElseThrow();
    assertThat(failed.queue()).isEqualTo(normal);
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
                onNormal().timeout(Duration.ofSeconds(1)))
            .getFirst();

    await().atMost(Duration.ofSeconds(10)).until(() -> failedJobs.find(id).isPresent());
    assertThat(failedJobs.find(id).orElseThrow().exception())
        .contains("JobTimeoutException")
        .contains("timeout of 1s");
  }

  @Test
  void aJobDeafToItsTimeoutIsLeftToItsWorkerAndANewWorkerTakesItsPlace() {
    // one worker; a job that ignores the interrupt of its 1 s timeout holds it
    jobs.dispatch(new Probe.Stubborn(key("deaf")), onNormal().timeout(Duration.ofSeconds(1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.started.contains(key("deaf")));

    // after its timeout and the lease margin, another worker takes the next job
    jobs.dispatch(new Probe.Mark(key("after-deaf")), onNormal());
    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.finished.contains(key("after-deaf")));
    assertThat(Probe.finished).doesNotContain(key("deaf"));
    assertThat(supervisor.status().workers()).hasSize(1);

    Probe.gate(key("deaf")).countDown();
  }

  @Test
  void anUnknownJobTypeFailsThatJobAndNotTheWorker() {
    var id =
        jobs.dispatch(
                "no.such.type",
                JsonMapper.builder().build().createObjectNode(),
                1,
                onNormal().tries(5))
            .getFirst();
    jobs.dispatch(new Probe.Mark(key("after-unknown")), onNormal());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Probe.finished.contains(key("after-unknown")));
    assertThat(failedJobs.find(id).orElseThrow().exception())
        .contains("No handler for job type 'no.such.type'");
  }

  @Test
  void aRetriedFailedJobRunsAgainAndLeavesTheTable() {
    var id = jobs.dispatch(new Probe.Flaky(key("retried"), 1), onNormal());
    await().atMost(Duration.ofSeconds(10)).until(() -> failedJobs.find(id).isPresent());

    failedJobs.retry(id);

    await().atMost(Duration.ofSeconds(10)).until(() -> Probe.finished.contains(key("retried")));
    assertThat(failedJobs.find(id)).isEmpty();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> monitor.job(id).orElseThrow().status() == JobStatus.COMPLETED);
  }

  @Test
  void completedJobsCountInTheQueueSizesAndRecords() {
    var id = jobs.dispatch(new Probe.Mark(key("recorded")), onNormal().tags("t:1"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> monitor.job(id).map(JobRecord::status).orElse(null) == JobStatus.COMPLETED);
    var record = monitor.job(id).orElseThrow();
    assertThat(record.type()).isEqualTo("test.mark");
    assertThat(record.tags()).containsExactly("t:1");
    assertThat(record.attempts()).isEqualTo(1);
    assertThat(record.completedAt()).isNotNull();
    assertThat(monitor.size(normal).reserved()).isZero();
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
    var fast = jobs.dispatch("diagnostics.sleep", json.readTree("{\"ms\":40}"), 1, onNormal());
    var slow = jobs.dispatch("diagnostics.sleep", json.readTree("{\"ms\":120}"), 1, onNormal());
    var failing = jobs.dispatch("diagnostics.fail", json.createObjectNode(), 1, onNormal());

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
    assertThat(metrics.measuredQueues()).contains(normal);
    var sleep = metrics.take(keys.jobMetrics("diagnostics.sleep"));
    assertThat(sleep.throughput()).isEqualTo(2);
    assertThat(sleep.runtime()).isBetween(80.0, 500.0); // the mean of about 40 and 120 ms
    assertThat(sleep.failed()).isZero();
    var fail = metrics.take(keys.jobMetrics("diagnostics.fail"));
    assertThat(fail.throughput()).isZero();
    assertThat(fail.failed()).isEqualTo(1);
  }
}
