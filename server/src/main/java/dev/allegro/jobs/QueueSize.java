package dev.allegro.jobs;

import java.time.Duration;

/**
 * One queue's jobs by state.
 *
 * @param oldestReadyAge how long the job at the front of the ready list has waited since it was
 *     pushed; zero when none waits
 */
public record QueueSize(
    String queue, long ready, long delayed, long reserved, Duration oldestReadyAge) {}
