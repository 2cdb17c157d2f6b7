package dev.allegro.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.jobs.JobStatus;
import org.junit.jupiter.api.Test;

class JobTransitionTest {

  @Test
  void everyTransitionTheEngineMakesIsAMoveItsStatusesAllow() {
    for (JobTransition transition : JobTransition.values()) {
      for (JobStatus from : transition.fromStatuses()) {
        assertThat(from.next()).as(transition.name()).contains(transition.target());
      }
    }
  }

  @Test
  void theScriptsAreGivenLabelsTheyCanCompareWithTheRecordsStatus() {
    assertThat(JobTransition.COMPLETED.from()).isEqualTo("reserved");
    assertThat(JobTransition.COMPLETED.to()).isEqualTo("completed");
    assertThat(JobTransition.RESERVED.from()).isEqualTo("pending");
    assertThat(JobTransition.RETRIED.from()).isEqualTo("failed");
    assertThat(JobTransition.DISPATCHED.from()).isEmpty();
  }

  @Test
  void aCompletedJobNeverMovesAgain() {
    for (JobTransition transition : JobTransition.values()) {
      assertThat(transition.fromStatuses()).doesNotContain(JobStatus.COMPLETED);
    }
  }
}
