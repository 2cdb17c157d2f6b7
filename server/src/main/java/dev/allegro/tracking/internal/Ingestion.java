package dev.allegro.tracking.internal;

import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.TrustedProxies;
import dev.allegro.system.web.ValidationException;
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
  private final JsonMapper json;
  private final Clock clock;

  Ingestion(
      EventWriter writer,
      TrustedProxies proxies,
      SdkRateLimiter rateLimiter,
      JsonMapper json,
      Clock clock) {
    this.writer = writer;
    this.proxies = proxies;
    this.rateLimiter = rateLimiter;
    this.json = json;
    this.clock = clock;
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
   * @param fromSdk whether this is one of the SDK's public endpoints, limited per client address
   * @param open whether the endpoint takes the request at all; when not, it answers 204 without
   *     looking at it, after the rate limit, so that the answer tells nothing
   */
  ResponseEntity<?> ingest(
      HttpServletRequest request, boolean fromSdk, BooleanSupplier open, Preparation endpoint)
      throws IOException {
    String client = proxies.clientIp(request);
    if (fromSdk) {
      rateLimiter.check(client);
    }
    if (!open.getAsBoolean()) {
      return ResponseEntity.noContent().build();
    }
    var body = RequestBodies.json(request, json);
    Prepared prepared = endpoint.prepare(new Request(body, client, clock.instant()));
    await(writer.submit(prepared.events(), prepared.beats()), prepared.field());
    return prepared.answer();
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
