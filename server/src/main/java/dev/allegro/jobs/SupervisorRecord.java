package dev.allegro.jobs;

import java.util.List;

/**
 * One supervisor's heartbeat record, with its workers'; it expires a few seconds after its node
 * dies.
 */
public record SupervisorRecord(
    String name,
    String node,
    long pid,
    SupervisorStatus status,
    String balance,
    List<String> queues,
    List<WorkerRecord> workers) {}
