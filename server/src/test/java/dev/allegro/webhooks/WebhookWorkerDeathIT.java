package dev.allegro.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.jobs.FailedJobs;
import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A worker JVM killed with SIGKILL during a delivery's last attempt: the job engine runs the job
 * again after its lease, and that run makes the last attempt and settles the delivery, rather than
 * the engine failing a job it counts as out of tries and leaving the delivery pending.
 */
@AllegroTest
@TestPropertySource(
    properties = {
      "allegro.jobs.lease-margin=1s",
      "allegro.webhooks.allow-private=true",
      "allegro.webhooks.retry-schedule=1",
      "allegro.webhooks.jitter=0",
      "allegro.webhooks.timeout=5s"
    })
class WebhookWorkerDeathIT {

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Supervisor supervisor;
  @Autowired FailedJobs failedJobs;
  @Autowired Environment environment;

  private final WebhookReceiver receiver = new WebhookReceiver();
  private Process worker;

  @AfterEach
  void cleanUp() {
    if (worker != null) {
      worker.destroyForcibly();
    }
    receiver.close();
    supervisor.drain(Duration.ofSeconds(5));
  }

  @Test
  void aDeliveryWhoseWorkerDiesOnItsLastAttemptIsStillAttemptedAndSettled() throws Exception {
    // given an endpoint whose ping fails its first attempt on a worker in its own JVM
    Tenant tenant = data.tenant("dying");
    String token = data.token(data.member("m@dying.test", tenant));
    String host = TestData.host(tenant.slug());
    worker = startWorkerJvm();
    receiver.always(500);
    var created =
        http.post("/api/v1/webhooks")
            .host(host)
            .bearer(token)
            .json("{\"url\":\"" + receiver.url("/hook") + "\",\"event_types\":[\"*\"]}")
            .send();
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().at("/data/id").asString();
    await().atMost(Duration.ofSeconds(90)).until(() -> receiver.at("/hook").size() >= 1);
    receiver.hold();

    // when that JVM is killed while its second and last attempt waits for an answer
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/hook").size() >= 2);
    worker.destroyForcibly().waitFor();
    receiver.release();
    supervisor.start();

    // then a worker here runs the job again after its lease, makes the last attempt and settles it
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonNode delivery =
                  http.get("/api/v1/webhooks/" + id + "/deliveries")
                      .host(host)
                      .bearer(token)
                      .send()
                      .json()
                      .at("/data/0");
              assertThat(delivery.get("status").asString()).isEqualTo("failed");
              var statuses = new ArrayList<Integer>();
              delivery.get("attempts").forEach(a -> statuses.add(a.get("status_code").asInt()));
              assertThat(statuses).containsExactly(500, 500);
            });
    var endpoint = http.get("/api/v1/webhooks/" + id).host(host).bearer(token).send().json();
    assertThat(endpoint.at("/data/failure_count").asInt()).isEqualTo(1);
    assertThat(receiver.at("/hook")).as("the dead attempt and the one made again").hasSize(3);
    assertThat(failedJobs.list(100))
        .anySatisfy(
            job -> {
              assertThat(job.payload()).contains("webhooks.deliver");
              assertThat(job.exception()).contains("answered 500 on the last of 2 attempts");
            });
  }

  private Process startWorkerJvm() throws Exception {
    Path jar = Path.of("target", "allegro.jar");
    assertThat(jar).as("the packaged jar (Failsafe runs after package)").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    var builder =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-Dallegro.jobs.lease-margin=1s",
            "-Dallegro.webhooks.allow-private=true",
            "-Dallegro.webhooks.retry-schedule=1",
            "-Dallegro.webhooks.jitter=0",
            "-Dallegro.webhooks.timeout=5s",
            "-jar",
            jar.toString(),
            "horizon");
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
    Path dir = Files.createTempDirectory("allegro-webhook-death-it");
    env.put("ALLEGRO_DATA_DIR", dir.toString());
    File log = dir.resolve("worker.log").toFile();
    return builder.redirectErrorStream(true).redirectOutput(log).start();
  }
}
