package dev.allegro.jobs;

import java.util.List;

/**
 * One worker's heartbeat record.
 *
 * @param job the uuid of the job it runs, or null
 */
public record WorkerRecord(String name, List<String> queues, WorkerStatus status, String job) {}
