package dev.allegro.jobs;

import java.time.Instant;

/** A row of {@code failed_jobs}. */
public record FailedJob(
    long id,
    JobId uuid,
    String connection,
    String queue,
    String payload,
    String exception,
    Instant failedAt) {}
