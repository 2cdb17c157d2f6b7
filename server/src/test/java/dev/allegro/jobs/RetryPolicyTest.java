package dev.allegro.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.jobs.RetryPolicy.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void retriesWithThePerAttemptBackoffAndRepeatsTheLastValue() {
    var policy = new RetryPolicy(5, List.of(1, 5, 10), null, null);

    assertThat(policy.afterFailure(1, 1, now)).isEqualTo(new Decision.Retry(Duration.ofSeconds(1)));
    assertThat(policy.afterFailure(2, 2, now)).isEqualTo(new Decision.Retry(Duration.ofSeconds(5)));
    assertThat(policy.afterFailure(4, 4, now))
        .isEqualTo(new Decision.Retry(Duration.ofSeconds(10)));
    assertThat(policy.afterFailure(5, 5, now)).isInstanceOf(Decision.Fail.class);
  }

  @Test
  void oneTryFailsAtOnceAndMaxExceptionsFailsEarly() {
    assertThat(new RetryPolicy(1, null, null, null).afterFailure(1, 1, now))
        .isInstanceOf(Decision.Fail.class);
    assertThat(new RetryPolicy(10, null, 2, null).afterFailure(2, 2, now))
        .isInstanceOf(Decision.Fail.class);
  }

  @Test
  void retryUntilOverridesTries() {
    var policy = new RetryPolicy(1, null, null, now.plusSeconds(60));

    assertThat(policy.afterFailure(7, 7, now)).isEqualTo(new Decision.Retry(Duration.ZERO));
    assertThat(policy.afterFailure(7, 7, now.plusSeconds(61))).isInstanceOf(Decision.Fail.class);
  }

  @Test
  void aJobBackAfterItsLastAttemptIsExhaustedBeforeRunning() {
    var policy = new RetryPolicy(2, null, null, null);

    assertThat(policy.exhaustedBefore(2, now)).isFalse();
    assertThat(policy.exhaustedBefore(3, now)).isTrue();
    assertThat(new RetryPolicy(0, null, null, null).exhaustedBefore(100, now)).isFalse();
  }

  @Test
  void theJobStateMachineAllowsOnlyHorizonsTransitions() {
    assertThat(JobStatus.PENDING.moveTo(JobStatus.RESERVED)).isEqualTo(JobStatus.RESERVED);
    assertThat(JobStatus.RESERVED.next())
        .containsExactlyInAnyOrder(JobStatus.PENDING, JobStatus.COMPLETED, JobStatus.FAILED);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> JobStatus.COMPLETED.moveTo(JobStatus.PENDING))
        .isInstanceOf(IllegalStateException.class);
  }
}
