package dev.allegro.jobs.internal;

import dev.allegro.jobs.internal.RedisQueue.Reserved;
import java.time.Instant;
import java.util.List;

/**
 * The engine's steps that touch a queue and Horizon's records together. On one Redis each is one
 * script ({@link OneRedisJobStore}); a Redis Cluster keeps the queue and the records in different
 * slots, so there each is several calls ({@link ClusterJobStore}). Both pass {@code
 * JobStoreContract}.
 */
interface JobStore {

  /** What settling an attempt found. */
  record Settled(boolean leaseHeld, boolean recorded, Reserved next) {}

  /**
   * The next ready job of the first queue in {@code queues} that has one, reserved with a lease and
   * its record marked reserved; null when all are empty.
   */
  Reserved pop(List<String> queues);

  /**
   * Removes a completed job's reservation, records its completion ({@code finish}, made with the
   * reserved payload) and takes the next job of {@code next} (none when empty).
   */
  Settled complete(Reserved job, ScriptCall finish, List<String> next);

  /** Removes a failed job's reservation and records its failure ({@code finish}). */
  Settled fail(Reserved job, ScriptCall finish);

  /**
   * Records jobs as pending ({@code pending}, made with these payloads) and queues them: ready at
   * once when {@code availableAt} is null, else from then.
   */
  void dispatch(String queue, ScriptCall pending, List<String> payloads, Instant availableAt);
}
