package dev.allegro.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.streams.Apps;
import dev.allegro.streams.internal.CheckpointStore.Reading;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.TestData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** What a rebuild records of a queue, when Redis loses data again while it runs and when not. */
@AllegroTest
@TestPropertySource(properties = "allegro.streams.checkpoint-every=1h") // no check meanwhile
class CheckpointStoreIT {

  @Autowired TestData data;
  @Autowired Apps apps;
  @Autowired SubscriptionQueues queues;
  @Autowired CheckpointStore checkpoints;

  private UUID recordedQueue(String name) {
    var tenant = data.tenant(name);
    long app = apps.create(name, "in-house", tenant.slug()).id();
    UUID queue = queues.create(app, name).code();
    checkpoints.record(List.of(new Reading(queue, null, "before", 5, null)));
    return queue;
  }

  @Test
  void aRebuildDuringWhichRedisLostDataAgainLeavesTheQueueMarkedLost() {
    UUID queue = recordedQueue("lostagain");
    var read = checkpoints.find(queue).orElseThrow();
    Instant from = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);

    // Redis comes back empty again while the rebuild runs
    assertThat(checkpoints.markLost(Instant.now())).isPositive();
    boolean recorded = checkpoints.rebuilt(queue, "rebuilt", 7, from, read);

    assertThat(recorded).isFalse();
    var after = checkpoints.find(queue).orElseThrow();
    assertThat(after.generation()).isEqualTo(CheckpointStore.LOST);
    assertThat(after.rebuilt()).isZero();

    // and the rebuild done again, from what it reads now, is recorded
    var reread = checkpoints.find(queue).orElseThrow();
    assertThat(checkpoints.rebuilt(queue, "again", 7, from, reread)).isTrue();
    var rebuilt = checkpoints.find(queue).orElseThrow();
    assertThat(rebuilt.generation()).isEqualTo("again");
    assertThat(rebuilt.appended()).isEqualTo(7);
    assertThat(rebuilt.rebuilt()).isEqualTo(7);
    assertThat(rebuilt.ackedThrough()).isEqualTo(from);
  }

  @Test
  void aRebuildOfAQueueMarkedLostBeforeItReadIsRecorded() {
    UUID queue = recordedQueue("lostbefore");
    assertThat(checkpoints.markLost(Instant.now())).isPositive();
    var read = checkpoints.find(queue).orElseThrow();
    assertThat(read.generation()).isEqualTo(CheckpointStore.LOST);

    assertThat(checkpoints.rebuilt(queue, "rebuilt", 3, Instant.now(), read)).isTrue();
    assertThat(checkpoints.find(queue).orElseThrow().generation()).isEqualTo("rebuilt");
  }
}
