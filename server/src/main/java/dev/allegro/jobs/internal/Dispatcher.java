package dev.allegro.jobs.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Puts built payloads on a queue with their pending records: each chunk of up to 1,000 jobs is one
 * round trip (the records and the push sent together).
 */
@Component
public class Dispatcher {

  private static final int CHUNK = 1_000;

  private final RedisQueue queue;
  private final JobRecords records;
  private final ScriptPipeline pipeline;
  private final Clock clock;

  Dispatcher(RedisQueue queue, JobRecords records, ScriptPipeline pipeline, Clock clock) {
    this.queue = queue;
    this.records = records;
    this.pipeline = pipeline;
    this.clock = clock;
  }

  /** New jobs, ready at once or after {@code delay}. */
  public void push(String queueName, List<Payload> payloads, Duration delay) {
    Duration wait = delay.isNegative() ? Duration.ZERO : delay;
    for (int from = 0; from < payloads.size(); from += CHUNK) {
      var chunk = payloads.subList(from, Math.min(payloads.size(), from + CHUNK));
      var json = chunk.stream().map(Payload::toJson).toList();
      pipeline.run(
          List.of(
              records.pending(queueName, chunk, wait, false),
              wait.isZero()
                  ? queue.push(queueName, json)
                  : queue.later(queueName, clock.instant().plus(wait), json)));
    }
  }

  /**
   * A job that ran before, queued again as a fresh attempt (queue:retry): its record becomes
   * pending first, so that a worker's outcome is never overwritten by it.
   */
  public void pushAgain(String queueName, Payload payload) {
    pipeline.run(List.of(records.pending(queueName, List.of(payload), Duration.ZERO, true)));
    pipeline.run(List.of(queue.push(queueName, List.of(payload.toJson()))));
  }
}
