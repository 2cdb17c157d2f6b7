package dev.allegro.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.jobs.internal.JobsProperties.Balance;
import dev.allegro.jobs.internal.JobsProperties.Supervisor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalancerTest {

  private static Supervisor settings(Balance balance, int max) {
    return new Supervisor(
        balance,
        List.of("high", "default", "audience-sync"),
        max,
        1,
        1,
        Duration.ofSeconds(3),
        1,
        Duration.ofSeconds(60));
  }

  @Test
  void strictPriorityGivesEveryWorkerAllQueuesInOrder() {
    assertThat(Balancer.initial(settings(Balance.FALSE, 2)))
        .containsExactly(
            List.of("high", "default", "audience-sync"),
            List.of("high", "default", "audience-sync"));
  }

  @Test
  void simpleSplitsWorkersOverQueues() {
    assertThat(Balancer.initial(settings(Balance.SIMPLE, 4)))
        .containsExactly(
            List.of("high"), List.of("default"), List.of("audience-sync"), List.of("high"));
  }

  @Test
  void autoMovesWorkersTowardTheBacklogByAtMostTheShift() {
    var target =
        Balancer.autoTarget(
            settings(Balance.AUTO, 10),
            Map.of("high", 0L, "default", 900L, "audience-sync", 100L),
            Map.of("high", 1, "default", 1, "audience-sync", 1));

    assertThat(target).containsEntry("high", 1).containsEntry("default", 2);
    assertThat(target.get("audience-sync")).isEqualTo(2);
  }
}
