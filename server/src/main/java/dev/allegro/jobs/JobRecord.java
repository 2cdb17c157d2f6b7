package dev.allegro.jobs;

import java.time.Instant;
import java.util.List;

/**
 * Horizon's record of one job; times are null until they happen.
 *
 * @param retriedAt when the job, failed, was last queued again (it keeps its uuid)
 */
public record JobRecord(
    JobId id,
    String type,
    String queue,
    JobStatus status,
    int attempts,
    List<String> tags,
    Instant pushedAt,
    Instant reservedAt,
    Instant completedAt,
    Instant failedAt,
    Instant retriedAt,
    String exception,
    String payload) {}
