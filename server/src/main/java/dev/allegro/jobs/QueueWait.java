package dev.allegro.jobs;

/**
 * A queue's backlog as monitors see it.
 *
 * @param pending jobs ready and waiting for a worker
 * @param waitSeconds Horizon's estimate of how long a job pushed now waits before it starts: the
 *     ready jobs times their average runtime, over the processes that take the queue (one when
 *     none), rounded to whole seconds
 */
public record QueueWait(long pending, long waitSeconds) {}
