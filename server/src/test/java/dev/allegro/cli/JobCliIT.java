package dev.allegro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.jobs.SupervisorStatus;
import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.test.AllegroTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The job commands an operator runs, against one running worker. */
@AllegroTest
@TestPropertySource(properties = "allegro.jobs.supervisor.max-processes=1")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobCliIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration PATIENCE = Duration.ofSeconds(15);

  @Autowired ApplicationContext context;
  @Autowired Supervisor supervisor;
  private CliRunner cli;

  @BeforeAll
  void startOneWorker() {
    cli = new CliRunner(context);
    supervisor.start();
  }

  @AfterEach
  void workersTakeJobs() {
    cli.run("horizon:continue");
  }

  @AfterAll
  void stopWorker() {
    supervisor.drain(Duration.ofSeconds(5));
  }

  @Test
  void pausedWorkersLeaveDispatchedJobsWaitingWhereMonitorAndJobsShowThem() {
    assertThat(cli.run("horizon:pause").out()).contains("Horizon paused.");
    await().atMost(PATIENCE).until(() -> supervisor.status().status() == SupervisorStatus.PAUSED);
    await() // the supervisor's heartbeat, published every second, says so to every node
        .atMost(PATIENCE)
        .until(() -> cli.run("horizon:status").out().startsWith("Horizon is paused."));

    var sync =
        cli.run("queue:dispatch", "diagnostics.noop", "--count", "3", "--queue", "audience-sync");
    var later =
        cli.run("queue:dispatch", "diagnostics.noop", "--delay", "1h", "--data", "{\"n\":1}");

    assertThat(sync.exitCode()).isZero();
    List<String> syncIds = uuids(sync.out());
    assertThat(syncIds).hasSize(3);
    String laterId = uuids(later.out()).getFirst();

    JsonNode monitor = json(cli.run("queue:monitor", "--json"));
    assertThat(queue(monitor, "audience-sync").get("ready").asLong()).isEqualTo(3);
    assertThat(queue(monitor, "default").get("delayed").asLong()).isEqualTo(1);
    assertThat(queue(monitor, "default").get("ready").asLong()).isZero();
    assertThat(cli.run("queue:monitor").out())
        .containsPattern("QUEUE +READY +DELAYED +RESERVED")
        .containsPattern("audience-sync +3 +0 +0");

    JsonNode pending = json(cli.run("queue:jobs", "--status", "pending", "--json"));
    assertThat(pending.get(0).get("uuid").asString()).isEqualTo(laterId); // newest first
    assertThat(ids(pending)).containsAll(syncIds);
    assertThat(pending.get(1).get("type").asString()).isEqualTo("diagnostics.noop");
    assertThat(pending.get(1).get("queue").asString()).isEqualTo("audience-sync");
    assertThat(pending.get(1).get("status").asString()).isEqualTo("pending");
    assertThat(pending.get(1).get("attempts").asInt()).isZero();
    assertThat(pending.get(1).get("pushed_at").asString()).isNotEmpty();

    assertThat(cli.run("horizon:continue").out()).contains("Horizon continues.");
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                ids(json(cli.run("queue:jobs", "--status", "completed", "--json")))
                    .containsAll(syncIds));
    JsonNode completed = json(cli.run("queue:jobs", "--status", "completed", "--json"));
    assertThat(completed.get(0).get("completed_at").asString()).isNotEmpty();
    assertThat(completed.get(0).get("attempts").asInt()).isEqualTo(1);
    assertThat(
            queue(json(cli.run("queue:monitor", "--json")), "audience-sync").get("ready").asLong())
        .isZero();
  }

  @Test
  void failedJobsAreListedRetriedForgottenAndFlushed() {
    String failing = uuids(cli.run("queue:dispatch", "diagnostics.fail").out()).getFirst();
    await().atMost(PATIENCE).until(() -> cli.run("queue:failed").out().contains(failing));
    assertThat(cli.run("queue:failed").out()).containsPattern(failing + " +redis +default ");
    JsonNode failedRecords = json(cli.run("queue:jobs", "--status", "failed", "--json"));
    assertThat(ids(failedRecords)).contains(failing);
    assertThat(failedRecords.get(0).get("failed_at").asString()).isNotEmpty();

    // retried, it runs (and fails) again
    var retry = cli.run("queue:retry", failing);
    assertThat(retry.exitCode()).isZero();
    assertThat(retry.out()).contains(failing);
    await().atMost(PATIENCE).until(() -> cli.run("queue:failed").out().contains(failing));

    var forget = cli.run("queue:forget", failing);
    assertThat(forget.out()).contains("Failed job deleted.");
    assertThat(cli.run("queue:failed").out()).doesNotContain(failing);
    var again = cli.run("queue:forget", failing);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("No failed job with uuid " + failing);

    List<String> two = uuids(cli.run("queue:dispatch", "diagnostics.fail", "--count", "2").out());
    await()
        .atMost(PATIENCE)
        .until(() -> two.stream().allMatch(id -> cli.run("queue:failed").out().contains(id)));
    var retryAll = cli.run("queue:retry", "all");
    assertThat(retryAll.out().lines()).containsExactlyInAnyOrderElementsOf(two);
    await()
        .atMost(PATIENCE)
        .until(() -> two.stream().allMatch(id -> cli.run("queue:failed").out().contains(id)));
    assertThat(cli.run("queue:flush").out()).contains("2 failed jobs deleted.");
    assertThat(cli.run("queue:failed").out()).doesNotContain(two.getFirst());
  }

  @Test
  void badArgumentsAreRefusedByNameAndDispatchNothing() {
    int before = json(cli.run("queue:jobs", "--json")).size();

    assertRefused(cli.run("queue:dispatch", "diagnostics.noop", "--count", "0"), "--count");
    assertRefused(cli.run("queue:dispatch", "diagnostics.noop", "--data", "{nope"), "--data");
    assertRefused(
        cli.run("queue:dispatch", "diagnostics.noop", "--queue", "Not A Queue"),
        "not a queue name");
    assertRefused(cli.run("queue:dispatch", "diagnostics.noop", "--delay", "soon"), "soon");
    assertRefused(cli.run("queue:jobs", "--status", "sleeping"), "sleeping");
    assertRefused(cli.run("queue:retry", "not-a-uuid"), "not a job uuid");
    assertRefused(cli.run("queue:retry", UUID.randomUUID().toString()), "No failed job");
    assertThat(cli.run("queue:dispatch").exitCode()).isEqualTo(2); // TYPE is missing

    assertThat(json(cli.run("queue:jobs", "--json")).size()).isEqualTo(before);
  }

  @Test
  void aQueueNoSupervisorTakesJobsFromIsRefusedNamingTheConfiguredOnes() {
    int before = json(cli.run("queue:jobs", "--json")).size();

    var nosuch = cli.run("queue:dispatch", "diagnostics.noop", "--queue", "nosuch");

    assertThat(nosuch.exitCode()).isEqualTo(2);
    assertThat(nosuch.err())
        .contains("Unknown queue 'nosuch'")
        .contains("high, default, audience-sync");
    assertThat(nosuch.out()).isEmpty();
    assertThat(json(cli.run("queue:jobs", "--json")).size()).isEqualTo(before);
  }

  private static void assertRefused(CliRunner.Run run, String named) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains(named);
    assertThat(run.out()).isEmpty();
  }

  private static List<String> uuids(String out) {
    var lines = out.lines().toList();
    lines.forEach(line -> UUID.fromString(line)); // every line is a uuid
    return lines;
  }

  private static JsonNode json(CliRunner.Run run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private static JsonNode queue(JsonNode monitor, String name) {
    for (JsonNode row : monitor) {
      if (row.get("queue").asString().equals(name)) {
        return row;
      }
    }
    throw new AssertionError("queue:monitor has no row for " + name + ": " + monitor);
  }

  private static List<String> ids(JsonNode records) {
    return records.valueStream().map(r -> r.get("uuid").asString()).toList();
  }
}
