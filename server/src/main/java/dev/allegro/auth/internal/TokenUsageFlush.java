package dev.allegro.auth.internal;

import dev.allegro.auth.AuthProperties;
import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Writes the tokens' last use noted in this node's memory, every few seconds on every web node
 * (each holds its own).
 */
@Component
class TokenUsageFlush implements PeriodicTask {

  private final TokenUsageRecorder recorder;
  private final Duration period;

  TokenUsageFlush(TokenUsageRecorder recorder, AuthProperties properties) {
    this.recorder = recorder;
    this.period = properties.tokenUsageFlush();
  }

  @Override
  public Schedule schedule() {
    return Schedule.onEveryNode("auth:token-usage-flush", period, Role.WEB);
  }

  @Override
  public void run() {
    recorder.flush();
  }
}
