package dev.allegro.tracking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Ingestion's Micrometer meters, on the management port's {@code /actuator/prometheus}: what was
 * accepted and refused, and how the group commit behaves. Never labelled by tenant. Every series
 * exists from the start, so a rate of refusals can be graphed before the first one.
 */
@Component
public class IngestionMetrics {

  /** Counter: events or heartbeats committed (a batch of 50 counts 50). */
  public static final String ACCEPTED = "allegro.ingestion.accepted";

  /** Counter: requests refused, by {@link Reason}. */
  public static final String REJECTED = "allegro.ingestion.rejected";

  /** Distribution summary: rows (events and heartbeats) per group commit. */
  public static final String COMMIT_ROWS = "allegro.ingestion.commit.rows";

  /** Timer: one group commit's transaction, by {@link Outcome}. */
  public static final String COMMIT = "allegro.ingestion.commit";

  /**
   * Timer: one ingestion request on the server, from its handler's start to its answer (the body
   * read, the group commit waited for), by kind, source and whether it was accepted. It stands in
   * for Spring's {@code http.server.requests}, which the ingestion endpoints skip.
   */
  public static final String REQUEST = "allegro.ingestion.request";

  public static final String KIND = "kind";
  public static final String SOURCE = "source";
  public static final String REASON = "reason";
  public static final String OUTCOME = "outcome";
  public static final String ANSWER = "answer";

  /** What was ingested: tracked events or page heartbeats. */
  public enum Kind {
    EVENTS,
    HEARTBEATS
  }

  /** Who sent it: the browser SDK (public endpoints) or a server (bearer token). */
  public enum Source {
    SDK,
    SERVER
  }

  /** Why a request was refused. */
  public enum Reason {
    /** 422: a field is invalid. */
    VALIDATION,
    /** 400: the body is not JSON, or not an object. */
    MALFORMED,
    /** 413: the body is over 512 KB. */
    TOO_LARGE,
    /** 415: the body is neither JSON nor text. */
    UNSUPPORTED_MEDIA_TYPE,
    /** 429: the client address is over the SDK's rate limit. */
    RATE_LIMITED,
    /** 503, or 422 for a value the database refused: the commit failed. */
    STORAGE
  }

  /** How a group commit ended. */
  public enum Outcome {
    COMMITTED,
    /** The database refused a value of the group; its submissions are written again alone. */
    REFUSED,
    /** The database did not do the work: unreachable, timed out. */
    FAILED
  }

  private record Key(Kind kind, Source source) {}

  private record RejectedKey(Kind kind, Source source, Reason reason) {}

  private record RequestKey(Kind kind, Source source, boolean accepted) {}

  private final MeterRegistry registry;
  private final Map<Key, Counter> accepted = new HashMap<>();
  private final Map<RejectedKey, Counter> rejected = new HashMap<>();
  private final Map<Outcome, Timer> commits = new EnumMap<>(Outcome.class);
  private final Map<RequestKey, Timer> requests = new HashMap<>();
  private final DistributionSummary rows;

  public IngestionMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Key key :
        new Key[] {
          new Key(Kind.EVENTS, Source.SDK),
          new Key(Kind.EVENTS, Source.SERVER),
          new Key(Kind.HEARTBEATS, Source.SDK)
        }) {
      accepted.put(
          key,
          Counter.builder(ACCEPTED)
              .description("Events or heartbeats committed")
              .tag(KIND, tag(key.kind()))
              .tag(SOURCE, tag(key.source()))
              .register(registry));
      for (Reason reason : Reason.values()) {
        rejected.put(
            new RejectedKey(key.kind(), key.source(), reason),
            Counter.builder(REJECTED)
                .description("Ingestion requests refused")
                .tag(KIND, tag(key.kind()))
                .tag(SOURCE, tag(key.source()))
                .tag(REASON, tag(reason))
                .register(registry));
      }
      for (boolean accepted : new boolean[] {true, false}) {
        requests.put(
            new RequestKey(key.kind(), key.source(), accepted),
            histogram(REQUEST, Duration.ofSeconds(30))
                .description("Ingestion requests, from the handler's start to the answer")
                .tag(KIND, tag(key.kind()))
                .tag(SOURCE, tag(key.source()))
                .tag(ANSWER, accepted ? "accepted" : "rejected")
                .register(registry));
      }
    }
    for (Outcome outcome : Outcome.values()) {
      // One metric type for every outcome (Prometheus wants it).
      commits.put(
          outcome,
          histogram(COMMIT, Duration.ofSeconds(10))
              .description("Group commit transactions")
              .tag(OUTCOME, tag(outcome))
              .register(registry));
    }
    this.rows =
        DistributionSummary.builder(COMMIT_ROWS)
            .description("Rows (events and heartbeats) per group commit")
            .serviceLevelObjectives(1, 10, 50, 100, 500, 1_000, 2_500, 5_000)
            .register(registry);
  }

  public void accepted(Kind kind, Source source, int items) {
    accepted.get(new Key(kind, source)).increment(items);
  }

  public void rejected(Kind kind, Source source, Reason reason) {
    rejected.get(new RejectedKey(kind, source, reason)).increment();
  }

  /** Starts timing a request; hand the sample to {@link #answered}. */
  public Timer.Sample requestStarted() {
    return Timer.start(registry);
  }

  public void answered(Timer.Sample sample, Kind kind, Source source, boolean accepted) {
    sample.stop(requests.get(new RequestKey(kind, source, accepted)));
  }

  /** Starts timing a group commit; hand the sample to {@link #committed} or {@link #ended}. */
  public Timer.Sample commitStarted() {
    return Timer.start(registry);
  }

  public void committed(Timer.Sample sample, int rowCount) {
    sample.stop(commits.get(Outcome.COMMITTED));
    rows.record(rowCount);
  }

  public void ended(Timer.Sample sample, Outcome outcome) {
    sample.stop(commits.get(outcome));
  }

  /** A timer published as a histogram with buckets from 1 ms to {@code longest}. */
  private static Timer.Builder histogram(String name, Duration longest) {
    return Timer.builder(name)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(longest);
  }

  private static String tag(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
