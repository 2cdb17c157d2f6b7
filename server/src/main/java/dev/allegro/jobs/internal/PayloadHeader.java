package dev.allegro.jobs.internal;

import dev.allegro.jobs.JobId;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JsonGenerator;

/**
 * The fixed start of every payload the engine writes: {@code {"attempts":N,"timeout":S,"uuid":"U",}
 * in that order. The pop script (redis/jobs/includes/reserve.lua) raises the attempt count, sizes
 * the lease from the timeout and finds the job's record by its uuid from this text alone, without
 * decoding the payload (decoding with cjson would turn {@code []} in job data into {@code {}}).
 * This class is the one place that writes or reads it.
 */
final class PayloadHeader {

  /** What the pop script matches: the same three fields, in the same order. */
  static final Pattern PATTERN =
      Pattern.compile("^\\{\"attempts\":(\\d+),\"timeout\":(\\d+),\"uuid\":\"([0-9a-f-]{36})\",");

  /** The header's fields. */
  record Fields(int attempts, long timeout, JobId uuid) {}

  private PayloadHeader() {}

  /** Writes the header's fields, the first of the object {@code json} has just started. */
  static void write(JsonGenerator json, int attempts, long timeout, JobId uuid) {
    json.writeNumberProperty("attempts", attempts);
    json.writeNumberProperty("timeout", timeout);
    json.writeStringProperty("uuid", uuid.toString());
  }

  /** The header of {@code payload}, or empty when it does not start with one. */
  static Optional<Fields> read(String payload) {
    var header = PATTERN.matcher(payload);
    if (!header.lookingAt()) {
      return Optional.empty();
    }
    return Optional.of(
        new Fields(
            Integer.parseInt(header.group(1)),
            Long.parseLong(header.group(2)),
            JobId.parse(header.group(3))));
  }
}
