package dev.allegro.jobs;

import java.time.Instant;
import java.util.List;

/**
 * One worker's heartbeat record.
 *
 * @param job the uuid of the job it runs, or null
 * @param jobStartedAt when that job's attempt started, or null
 */
public record WorkerRecord(
    String name, List<String> queues, WorkerStatus status, String job, Instant jobStartedAt) {}
