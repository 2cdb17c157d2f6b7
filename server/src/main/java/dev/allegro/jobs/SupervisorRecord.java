package dev.allegro.jobs;

import java.time.Instant;
import java.util.List;

/**
 * One supervisor's heartbeat record, with its workers'; it expires a few seconds after its node
 * dies.
 *
 * @param heartbeatAt when the supervisor last wrote it
 */
public record SupervisorRecord(
    String name,
    String node,
    long pid,
    SupervisorStatus status,
    String balance,
    List<String> queues,
    List<WorkerRecord> workers,
    Instant heartbeatAt) {}
