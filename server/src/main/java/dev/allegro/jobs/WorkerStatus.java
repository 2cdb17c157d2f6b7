package dev.allegro.jobs;

import java.util.List;

/**
 * One worker's heartbeat record.
 *
 * @param status idle, busy or paused
 * @param job the uuid of the job it runs, or null
 */
public record WorkerStatus(String name, List<String> queues, String status, String job) {}
