package dev.allegro.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.jobs.JobId;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PayloadTest {

  @Test
  void attemptsAndTimeoutLeadTheJsonAndEveryFieldRoundTrips() {
    var data = JsonMapper.builder().build().readTree("{\"ids\":[],\"ms\":5}");
    var payload =
        new Payload(
            0,
            60,
            JobId.random(),
            "Sleep",
            "diagnostics.sleep",
            3,
            2,
            List.of(1, 5),
            1_800_000_000L,
            data,
            1_700_000_000_123L,
            List.of("tenant:1"),
            0);

    String json = payload.toJson();

    assertThat(json).startsWith("{\"attempts\":0,\"timeout\":60,");
    assertThat(json)
        .contains(
            "\"uuid\"",
            "\"displayName\"",
            "\"job\"",
            "\"maxTries\"",
            "\"maxExceptions\"",
            "\"backoff\"",
            "\"retryUntil\"",
            "\"data\"",
            "\"pushedAt\"",
            "\"tags\"");
    assertThat(Payload.parse(json)).isEqualTo(payload);
  }
}
