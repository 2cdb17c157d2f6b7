package dev.allegro.tracking.internal;

import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.TrustedProxies;
import dev.allegro.system.web.ValidationException;
import dev.allegro.tracking.IngestionMetrics;
import dev.allegro.tracking.IngestionMetrics.Kind;
import dev.allegro.tracking.IngestionMetrics.Reason;
import dev.allegro.tracking.IngestionMetrics.Source;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one path of every ingestion request, whichever endpoint: the SDK's rate limit, the body read
 * within its limits, the endpoint's validation and enrichment, the group commit, the answer.
 */
@Component
class Ingestion {

  private static final long COMMIT_TIMEOUT_SECONDS = 30;

  private final EventWriter writer;
  private final TrustedProxies proxies;
  private final SdkRateLimiter rateLimiter;
  private final IngestionMetrics metrics;
  private final JsonMapper json;
  private final Clock clock;

  Ingestion(
      EventWriter writer,
      TrustedProxies proxies,
      SdkRateLimiter rateLimiter,
      IngestionMetrics metrics,
      JsonMapper json,
      Clock clock) {
    this.writer = writer;
    this.proxies = proxies;
    this.rateLimiter = rateLimiter;
    this.metrics = metrics;
    this.json = json;
    this.clock = clock;
  }

  /** The ingestion endpoints: what they take, from whom. */
  enum Endpoint {
    /** {@code POST /api/events}: public, limited per client address. */
    SDK_EVENTS(Kind.EVENTS, Source.SDK),
    /** {@code POST /api/v1/events}: bearer token. */
    SERVER_EVENTS(Kind.EVENTS, Source.SERVER),
    /** {@code POST /api/heartbeat}: public, limited per client address. */
    HEARTBEATS(Kind.HEARTBEATS, Source.SDK);

    private final Kind kind;
    private final Source source;

    Endpoint(Kind kind, Source source) {
      this.kind = kind;
      this.source = source;
    }

    boolean rateLimited() {
      return source == Source.SDK;
    }
  }

  /** Who sent a request, as the endpoint's validation and enrichment see it. */
  record Request(RequestBodies.Body body, String clientAddress, Instant receivedAt) {}

  /**
   * What an endpoint made of a request: the rows to store, and the answer once they are.
   *
   * @param field what a 422 names should the database refuse a value of these rows
   */
  record Prepared(
      List<PreparedEvent> events,
      List<PageHeartbeat> beats,
      String field,
      ResponseEntity<?> answer) {

    static Prepared event(PreparedEvent event, ResponseEntity<?> answer) {
      return new Prepared(List.of(event), List.of(), "event", answer);
    }

    static Prepared batch(List<PreparedEvent> events, ResponseEntity<?> answer) {
      return new Prepared(events, List.of(), "events", answer);
    }

    static Prepared beat(PageHeartbeat beat, ResponseEntity<?> answer) {
      return new Prepared(List.of(), List.of(beat), "heartbeat", answer);
    }
  }

  /** An endpoint's validation and enrichment. */
  @FunctionalInterface
  interface Preparation {
    /**
     * @throws dev.allegro.system.web.ValidationException naming the invalid fields
     */
    Prepared prepare(Request request);
  }

  /**
   * @param open whether the endpoint takes the request at all; when not, it answers 204 without
   *     looking at it, after the rate limit, so that the answer tells nothing
   * @param preparation the endpoint's validation and enrichment
   */
  ResponseEntity<?> ingest(
      HttpServletRequest request, Endpoint endpoint, BooleanSupplier open, Preparation preparation)
      throws IOException {
    var sample = metrics.requestStarted();
    ResponseEntity<?> answer = null; // a refusal is thrown, for the error handler to answer
    try {
      answer = answer(request, endpoint, open, preparation);
      return answer;
    } finally {
      boolean accepted = answer != null && answer.getStatusCode().is2xxSuccessful();
      metrics.answered(sample, endpoint.kind, endpoint.source, accepted);
    }
  }

  private ResponseEntity<?> answer(
      HttpServletRequest request, Endpoint endpoint, BooleanSupplier open, Preparation preparation)
      throws IOException {
    Prepared prepared;
    try {
      String client = proxies.clientIp(request);
      if (endpoint.rateLimited()) {
        rateLimiter.check(client);
      }
      if (!open.getAsBoolean()) {
        return ResponseEntity.noContent().build();
      }
      var body = RequestBodies.json(request, json);
      prepared = preparation.prepare(new Request(body, client, clock.instant()));
    } catch (ApiException refused) {
      metrics.rejected(endpoint.kind, endpoint.source, reason(refused.status()));
      throw refused;
    }
    try {
      await(writer.submit(prepared.events(), prepared.beats()), prepared.field());
    } catch (ApiException refused) {
      metrics.rejected(endpoint.kind, endpoint.source, Reason.STORAGE);
      throw refused;
    }
    metrics.accepted(
        endpoint.kind, endpoint.source, prepared.events().size() + prepared.beats().size());
    return prepared.answer();
  }

  private static Reason reason(HttpStatus status) {
    return switch (status) {
      case TOO_MANY_REQUESTS -> Reason.RATE_LIMITED;
      case CONTENT_TOO_LARGE -> Reason.TOO_LARGE;
      case UNSUPPORTED_MEDIA_TYPE -> Reason.UNSUPPORTED_MEDIA_TYPE;
      case BAD_REQUEST -> Reason.MALFORMED;
      default -> Reason.VALIDATION;
    };
  }

  /** Blocks the request (a virtual thread) until its group is committed. */
  private static void await(CompletableFuture<Void> committed, String field) {
    try {
      committed.get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnstorableInput) {
        throw ValidationException.of(
            field, "The " + field + " field holds a value that cannot be stored.");
      }
      throw unavailable();
    } catch (TimeoutException e) {
      throw unavailable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Interrupted; retry later.");
    }
  }

  private static ApiException unavailable() {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE, "The events could not be stored; retry later.");
  }
}
