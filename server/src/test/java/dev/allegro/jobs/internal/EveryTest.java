package dev.allegro.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EveryTest {

  @Test
  void aStepIsDueAtOnceThenOncePerPeriod() {
    var everySecond = new Every(Duration.ofSeconds(1));
    long start = 5_000_000_000L;

    assertThat(everySecond.due(start)).isTrue();
    assertThat(everySecond.due(start + 100_000_000L)).isFalse();
    assertThat(everySecond.due(start + 999_999_999L)).isFalse();
    assertThat(everySecond.due(start + 1_000_000_000L)).isTrue();
    assertThat(everySecond.due(start + 1_500_000_000L)).isFalse();
  }
}
