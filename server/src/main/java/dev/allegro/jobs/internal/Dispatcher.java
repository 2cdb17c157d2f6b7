package dev.allegro.jobs.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Puts built payloads on a queue with their pending records, a chunk of up to 1,000 jobs per step
 * of the {@link JobStore}.
 */
@Component
public class Dispatcher {

  private static final int CHUNK = 1_000;

  private final JobStore store;
  private final JobRecords records;
  private final Clock clock;

  Dispatcher(JobStore store, JobRecords records, Clock clock) {
    this.store = store;
    this.records = records;
    this.clock = clock;
  }

  /** New jobs, ready at once or after {@code delay}. */
  public void push(String queue, List<Payload> payloads, Duration delay) {
    Duration wait = delay.isNegative() ? Duration.ZERO : delay;
    for (int from = 0; from < payloads.size(); from += CHUNK) {
      var chunk = payloads.subList(from, Math.min(payloads.size(), from + CHUNK));
      var json = chunk.stream().map(Payload::toJson).toList();
      store.dispatch(
          queue,
          records.pending(queue, chunk, json, wait, JobTransition.DISPATCHED, null),
          json,
          wait.isZero() ? null : clock.instant().plus(wait));
    }
  }

  /** A failed job queued again as a fresh attempt (queue:retry). */
  public void pushAgain(String queue, Payload payload) {
    var json = List.of(payload.toJson());
    store.dispatch(
        queue,
        records.pending(queue, List.of(payload), json, Duration.ZERO, JobTransition.RETRIED, null),
        json,
        null);
  }
}
