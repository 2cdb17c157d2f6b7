package dev.allegro.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

  private static final RetrySchedule DEFAULT =
      new RetrySchedule(List.of(5, 300, 1800, 7200, 18000, 36000, 36000), 0.1);
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void retriesFollowTheScheduleWithUpToATenthAddedAsJitter() {
    assertThat(DEFAULT.tries()).isEqualTo(8);
    assertThat(DEFAULT.after(1, 0, null)).isEqualTo(Duration.ofSeconds(5));
    assertThat(DEFAULT.after(2, 0, null)).isEqualTo(Duration.ofMinutes(5));
    assertThat(DEFAULT.after(3, 0, null)).isEqualTo(Duration.ofMinutes(30));
    assertThat(DEFAULT.after(4, 0, null)).isEqualTo(Duration.ofHours(2));
    assertThat(DEFAULT.after(5, 0, null)).isEqualTo(Duration.ofHours(5));
    assertThat(DEFAULT.after(6, 0, null)).isEqualTo(Duration.ofHours(10));
    assertThat(DEFAULT.after(7, 0, null)).isEqualTo(Duration.ofHours(10));
    assertThat(DEFAULT.after(2, 0.5, null)).isEqualTo(Duration.ofSeconds(315));
    assertThat(DEFAULT.after(2, 0.999, null)).isLessThan(Duration.ofSeconds(330));
  }

  @Test
  void aLaterRetryAfterWinsAndAnEarlierOneDoesNot() {
    assertThat(DEFAULT.after(1, 0, Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
    assertThat(DEFAULT.after(2, 0, Duration.ofSeconds(60))).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void retryAfterIsReadAsSecondsOrAnHttpDate() {
    assertThat(RetrySchedule.retryAfter("120", NOW)).isEqualTo(Duration.ofSeconds(120));
    assertThat(RetrySchedule.retryAfter("Sun, 01 Mar 2026 12:10:00 GMT", NOW))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(RetrySchedule.retryAfter("Sun, 01 Mar 2026 11:00:00 GMT", NOW))
        .isEqualTo(Duration.ZERO);
    assertThat(RetrySchedule.retryAfter("soon", NOW)).isNull();
    assertThat(RetrySchedule.retryAfter(null, NOW)).isNull();
  }
}
