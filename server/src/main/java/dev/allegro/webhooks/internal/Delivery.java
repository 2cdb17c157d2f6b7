package dev.allegro.webhooks.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One event (or ping) to send to one endpoint, however many attempts it takes.
 *
 * @param payload the request body, the same on every attempt
 */
record Delivery(
    UUID id,
    UUID endpointId,
    UUID eventId,
    String eventType,
    String payload,
    Status status,
    Instant createdAt,
    List<Attempt> attempts) {

  enum Status {
    PENDING,
    DELIVERED,
    FAILED;

    String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One request of a delivery.
   *
   * @param statusCode the answer's status; null when none came (refused, timed out, ...)
   * @param error why it failed without an answer, or null
   * @param body the first kilobyte of the answer's body
   */
  record Attempt(
      int attempt,
      Integer statusCode,
      long durationMs,
      String error,
      String body,
      Instant attemptedAt) {}
}
