package dev.allegro.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.test.AllegroTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A worker-only JVM ({@code allegro.jar horizon}) as a process manager sees it: killed with SIGKILL
 * mid-job, its job runs again on another worker; told to terminate, it drains and exits.
 */
@AllegroTest
@TestPropertySource(properties = "allegro.jobs.lease-margin=1s")
class JobCrashIT {

  @Autowired Jobs jobs;
  @Autowired Supervisor supervisor;
  @Autowired HorizonControl horizon;
  @Autowired JobMonitor monitor;
  @Autowired Environment environment;

  private Process worker;

  @AfterEach
  void cleanUp() {
    if (worker != null) {
      worker.destroyForcibly();
    }
    supervisor.drain(Duration.ofSeconds(5));
  }

  @Test
  void aJobWhoseWorkerJvmIsKilledCompletesOnAnotherWorkerAfterItsLease() throws Exception {
    // given a worker in its own JVM, running a job with a second try left
    worker = startWorkerJvm();
    var id =
        jobs.dispatch(
                "diagnostics.sleep",
                JsonMapper.builder().build().readTree("{\"ms\":3000}"),
                1,
                Dispatch.defaults().tries(2).timeout(Duration.ofSeconds(5)))
            .getFirst();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                horizon.supervisors().stream()
                    .flatMap(s -> s.workers().stream())
                    .anyMatch(w -> id.toString().equals(w.job())));

    // when that JVM is killed with SIGKILL and a worker runs here
    worker.destroyForcibly().waitFor();
    assertThat(monitor.size("default").reserved()).isEqualTo(1);
    supervisor.start();

    // then the job completes after its lease, on its second attempt
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> monitor.job(id).orElseThrow().status() == JobStatus.COMPLETED);
    assertThat(monitor.job(id).orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void aWorkerOnlyProcessDrainsAndExitsOnTerminate() throws Exception {
    // given a worker in its own JVM, running a job
    worker = startWorkerJvm();
    var id =
        jobs.dispatch(
                "diagnostics.sleep",
                JsonMapper.builder().build().readTree("{\"ms\":1500}"),
                1,
                Dispatch.defaults())
            .getFirst();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                horizon.supervisors().stream()
                    .flatMap(s -> s.workers().stream())
                    .anyMatch(w -> id.toString().equals(w.job())));

    // when horizon:terminate is broadcast
    horizon.terminate();

    // then it finishes the job and the process ends, with 0, for its manager to start it again
    assertThat(worker.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(worker.exitValue()).isZero();
    assertThat(monitor.job(id).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
  }

  private Process startWorkerJvm() throws Exception {
    Path jar = Path.of("target", "allegro.jar");
    assertThat(jar).as("the packaged jar (Failsafe runs after package)").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    var builder =
        new ProcessBuilder(
            java, "-Xmx256m", "-Dallegro.jobs.lease-margin=1s", "-jar", jar.toString(), "horizon");
    var env = builder.environment();
    env.put("DB_URL", environment.getProperty("spring.datasource.url"));
    env.put("DB_USERNAME", environment.getProperty("spring.datasource.username", ""));
    env.put("DB_PASSWORD", environment.getProperty("spring.datasource.password", ""));
    env.put("REDIS_HOST", environment.getProperty("spring.data.redis.host"));
    env.put("REDIS_PORT", environment.getProperty("spring.data.redis.port"));
    env.put("ALLEGRO_REDIS_PREFIX", environment.getProperty("allegro.redis-prefix"));
    env.put("HORIZON_PREFIX", environment.getProperty("allegro.jobs.prefix"));
    env.put("ALLEGRO_EMBEDDED", "false");
    env.put("APP_ENV", "local");
    env.put("QUEUE_CONNECTION", "redis");
    Path data = Files.createTempDirectory("allegro-crash-it");
    env.put("ALLEGRO_DATA_DIR", data.toString());
    File log = data.resolve("worker.log").toFile();
    return builder.redirectErrorStream(true).redirectOutput(log).start();
  }
}
