package dev.allegro.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.jobs.JobId;
import dev.allegro.test.AllegroTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** The payload header as PayloadHeader writes it and the pop script reads it, on a real Redis. */
@AllegroTest
@TestPropertySource(properties = "allegro.jobs.lease-margin=2s")
class PayloadHeaderIT {

  @Autowired Dispatcher dispatcher;
  @Autowired JobStore store;
  @Autowired ScriptRunner scripts;
  @Autowired RedisQueue queue;

  private static Payload payload(int attempts, long timeoutSeconds) {
    return new Payload(
        attempts,
        timeoutSeconds,
        JobId.random(),
        "Probe",
        "test.probe",
        3,
        null,
        List.of(1, 5),
        null,
        JobJson.MAPPER.readTree("{\"list\":[],\"nested\":{\"empty\":{}}}"),
        1_700_000_000_000L,
        List.of("t:1"),
        0);
  }

  @Test
  void popRaisesTheAttemptsSizesTheLeaseFromTheTimeoutAndLeavesTheRestAsWritten() {
    var written = payload(2, 7);
    String json = written.toJson();
    assertThat(PayloadHeader.read(json)).contains(new PayloadHeader.Fields(2, 7, written.uuid()));

    dispatcher.push("header", List.of(written), Duration.ZERO);
    Instant before = Instant.now();
    var reserved = store.pop(List.of("header"));

    assertThat(PayloadHeader.read(reserved.payload()))
        .contains(new PayloadHeader.Fields(3, 7, written.uuid()));
    assertThat(reserved.payload().substring(reserved.payload().indexOf(",\"uuid\"")))
        .isEqualTo(json.substring(json.indexOf(",\"uuid\"")));
    assertThat(Payload.parse(reserved.payload()).data().toString())
        .isEqualTo("{\"list\":[],\"nested\":{\"empty\":{}}}");
    assertThat(reserved.leaseExpiry())
        .isBetween(
            before.plusSeconds(9).minusMillis(50), Instant.now().plusSeconds(9).plusMillis(50));
  }

  @Test
  void aPayloadWithoutTheHeaderIsReservedUnchangedForTheWorkerToFail() {
    String foreign = "{\"job\":\"from-elsewhere\",\"attempts\":1}";
    scripts.run(queue.push("foreign", List.of(foreign)));
    Instant before = Instant.now();

    var reserved = store.pop(List.of("foreign"));

    assertThat(reserved.payload()).isEqualTo(foreign);
    assertThat(PayloadHeader.read(foreign)).isEmpty();
    assertThat(reserved.leaseExpiry())
        .isBetween(
            before.plusSeconds(2).minusMillis(50), Instant.now().plusSeconds(2).plusMillis(50));
  }
}
