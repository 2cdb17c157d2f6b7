package dev.allegro.jobs;

import java.util.List;

/**
 * One supervisor's heartbeat record; it expires a few seconds after its node dies.
 *
 * @param status running, paused, or no-workers (a {@code QUEUE_CONNECTION} other than redis)
 */
public record SupervisorStatus(
    String name,
    String node,
    long pid,
    String status,
    String balance,
    List<String> queues,
    List<WorkerStatus> workers) {}
