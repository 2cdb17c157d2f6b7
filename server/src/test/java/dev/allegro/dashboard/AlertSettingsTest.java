package dev.allegro.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allegro.dashboard.DashboardProperties.Alerts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert settings an operator writes, read as meant or refused at start with the reason. */
class AlertSettingsTest {

  private static Alerts alerts(String waits, String rate, String webhook) {
    return new Alerts(
        waits, rate, 20, List.of(" ops@alley.com ", ""), webhook, Duration.ofMinutes(15));
  }

  @Test
  void waitThresholdsAreQueueEqualsSecondsInTheGivenOrder() {
    var alerts = alerts("high=10, default=60", "0.25", "https://hooks.example.com/x");
    assertThat(alerts.waitSeconds())
        .containsExactly(Map.entry("high", 10L), Map.entry("default", 60L));
    assertThat(alerts.failureRateThreshold()).isEqualTo(0.25);
    assertThat(alerts.webhook()).hasHost("hooks.example.com");
    assertThat(alerts.mail()).containsExactly("ops@alley.com");
  }

  @Test
  void blankSettingsTurnTheirAlertOff() {
    var alerts = alerts("", "", "");
    assertThat(alerts.waitSeconds()).isEmpty();
    assertThat(alerts.failureRateThreshold()).isNull();
    assertThat(alerts.webhook()).isNull();
  }

  @Test
  void aMalformedSettingIsRefusedWithItsVariableAndValue() {
    assertThatThrownBy(() -> alerts("high:10", "", ""))
        .hasMessageContaining("HORIZON_WAIT_THRESHOLDS")
        .hasMessageContaining("'high:10'");
    assertThatThrownBy(() -> alerts("default=0", "", ""))
        .hasMessageContaining("HORIZON_WAIT_THRESHOLDS");
    assertThatThrownBy(() -> alerts("", "25%", ""))
        .hasMessageContaining("HORIZON_FAILURE_RATE_THRESHOLD")
        .hasMessageContaining("'25%'");
    assertThatThrownBy(() -> alerts("", "1.5", ""))
        .hasMessageContaining("HORIZON_FAILURE_RATE_THRESHOLD");
    assertThatThrownBy(() -> alerts("", "", "ftp://hooks.example.com"))
        .hasMessageContaining("HORIZON_ALERT_WEBHOOK_URL");
  }
}
