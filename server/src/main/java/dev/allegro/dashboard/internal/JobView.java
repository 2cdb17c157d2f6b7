package dev.allegro.dashboard.internal;

import dev.allegro.jobs.FailedJob;
import dev.allegro.jobs.JobRecord;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job as Horizon's API shows it: its record's fields, the payload decoded, times in epoch seconds
 * (with fractions), plus what Allegro knows besides (attempts, tags, pushed at).
 *
 * @param retriedBy Horizon's list of the retries of a failed job; a retried job keeps its uuid, so
 *     the one entry names this job as it runs now
 */
record JobView(
    String id,
    String connection,
    String queue,
    String name,
    String status,
    JsonNode payload,
    String exception,
    Double pushedAt,
    Double reservedAt,
    Double completedAt,
    Double failedAt,
    int attempts,
    List<String> tags,
    List<Retry> retriedBy) {

  /** A retry of a failed job: what it was queued again as, its status now, when. */
  record Retry(String id, String status, Double retriedAt) {}

  static JobView of(JobRecord record, JsonMapper json) {
    return new JobView(
        record.id().toString(),
        "redis",
        record.queue(),
        record.type(),
        record.status().label(),
        decode(record.payload(), json),
        record.exception(),
        seconds(record.pushedAt()),
        seconds(record.reservedAt()),
        seconds(record.completedAt()),
        seconds(record.failedAt()),
        record.attempts(),
        record.tags(),
        record.retriedAt() == null
            ? List.of()
            : List.of(
                new Retry(
                    record.id().toString(), record.status().label(), seconds(record.retriedAt()))));
  }

  static JobView of(FailedJob failed, JsonMapper json) {
    JsonNode payload = decode(failed.payload(), json);
    return new JobView(
        failed.uuid().toString(),
        failed.connection(),
        failed.queue(),
        payload.path("job").asString(""),
        "failed",
        payload,
        failed.exception(),
        payload.has("pushedAt") ? payload.get("pushedAt").asLong() / 1000.0 : null,
        null,
        null,
        seconds(failed.failedAt()),
        payload.path("attempts").asInt(0),
        payload.path("tags").isArray()
            ? payload.get("tags").valueStream().map(t -> t.asString("")).toList()
            : List.of(),
        List.of());
  }

  private static JsonNode decode(String payload, JsonMapper json) {
    try {
      return json.readTree(payload);
    } catch (RuntimeException e) {
      return json.getNodeFactory().stringNode(payload);
    }
  }

  private static Double seconds(Instant time) {
    return time == null ? null : time.toEpochMilli() / 1000.0;
  }
}
