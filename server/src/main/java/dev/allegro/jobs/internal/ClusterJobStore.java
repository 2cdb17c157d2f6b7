package dev.allegro.jobs.internal;

import dev.allegro.jobs.internal.RedisQueue.Reserved;
import java.time.Instant;
import java.util.List;

/**
 * The job store on a Redis Cluster, where a script reaches one slot: a queue's keys share its hash
 * tag, Horizon's records theirs, so each step is several scripts. A pop asks one queue at a time
 * (each its own slot) and marks the record with a call of its own; a settlement's reservation and
 * record calls go out together; a dispatch records its jobs before it pushes them, so no worker
 * finishes a job whose record is yet to be written.
 */
final class ClusterJobStore implements JobStore {

  private final ScriptRunner scripts;
  private final RedisQueue queue;
  private final JobRecords records;

  ClusterJobStore(ScriptRunner scripts, RedisQueue queue, JobRecords records) {
    this.scripts = scripts;
    this.queue = queue;
    this.records = records;
  }

  @Override
  public Reserved pop(List<String> queues) {
    for (String name : queues) {
      var one = List.of(name);
      Reserved job = queue.popped(one, (List<?>) scripts.run(queue.pop(one, false)), 0);
      if (job != null) {
        PayloadHeader.read(job.payload()).ifPresent(header -> records.reserved(header.uuid()));
        return job;
      }
    }
    return null;
  }

  @Override
  public Settled complete(Reserved job, ScriptCall finish, List<String> next) {
    var answers = scripts.runAll(List.of(queue.deleteReserved(job), finish));
    return new Settled(
        flag(answers.get(0)), flag(answers.get(1)), next.isEmpty() ? null : pop(next));
  }

  @Override
  public Settled fail(Reserved job, ScriptCall finish) {
    var answers = scripts.runAll(List.of(queue.deleteReserved(job), finish));
    return new Settled(flag(answers.get(0)), flag(answers.get(1)), null);
  }

  @Override
  public void dispatch(
      String name, ScriptCall pending, List<String> payloads, Instant availableAt) {
    scripts.run(pending);
    scripts.run(
        availableAt == null
            ? queue.push(name, payloads)
            : queue.later(name, availableAt, payloads));
  }

  private static boolean flag(Object answer) {
    return Long.valueOf(1).equals(answer);
  }
}
