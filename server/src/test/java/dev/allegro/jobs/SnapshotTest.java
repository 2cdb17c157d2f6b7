package dev.allegro.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.jobs.internal.JobJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SnapshotTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:05:00Z"), ZoneOffset.UTC);

  @Test
  void waitIsLengthTimesAverageRuntimeOverProcesses() {
    // 120 waiting jobs of 250 ms on 5 processes clear in 6 s
    var snapshot = Snapshot.ofQueue(40, 250.0, 120, 5, Duration.ofSeconds(42), clock.instant());

    assertThat(snapshot.waitTime()).isEqualTo(6);
    assertThat(snapshot.throughput()).isEqualTo(40);
    assertThat(snapshot.runtime()).isEqualTo(250.0);
    assertThat(snapshot.time()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(snapshot.oldestReadyAge()).isEqualTo(42);
  }

  @Test
  void withNoProcessTheWaitAssumesOne() {
    assertThat(Snapshot.ofQueue(0, 1000.0, 3, 0, Duration.ZERO, clock.instant()).waitTime())
        .isEqualTo(3);
    assertThat(Snapshot.ofJob(7, 12.5, clock.instant()).waitTime()).isNull();
  }

  @Test
  void aJobTypesSnapshotHasOnlyItsDocumentedFields() {
    var json = JobJson.MAPPER.writeValueAsString(Snapshot.ofJob(7, 12.5, clock.instant()));

    assertThat(JobJson.MAPPER.readTree(json).propertyNames())
        .containsExactlyInAnyOrder("throughput", "runtime", "time");
    assertThat(
            JobJson.MAPPER
                .readTree(
                    JobJson.MAPPER.writeValueAsString(
                        Snapshot.ofQueue(1, 2.0, 3, 1, Duration.ofSeconds(4), clock.instant())))
                .propertyNames())
        .containsExactlyInAnyOrder("throughput", "runtime", "wait", "time", "oldestReadyAge");
  }
}
