package dev.allegro.jobs;

import java.time.Instant;

/**
 * Which failed jobs: every field optional.
 *
 * @param text a uuid, a job type, a tag, or any substring of the payload or the exception
 * @param from failed at or after
 * @param to failed before
 */
public record FailedJobFilter(String queue, String text, Instant from, Instant to) {

  public static final FailedJobFilter ALL = new FailedJobFilter(null, null, null, null);
}
