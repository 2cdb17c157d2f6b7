package dev.allegro.client;

import java.util.List;

/**
 * How a batch of the {@link Tracker} ended, reported to the tracker's listener on its sender
 * thread. Every accepted event ends in exactly one delivery.
 */
public sealed interface Delivery {

  /** The events of the batch. */
  List<TrackedEvent> events();

  /**
   * The server accepted the batch (2xx).
   *
   * @param events the batch
   * @param attempts the tries it took, from 1
   */
  record Sent(List<TrackedEvent> events, int attempts) implements Delivery {}

  /**
   * The server refused the batch with a 4xx other than 429 (422 for invalid input: a batch is all
   * or nothing). Not retried.
   *
   * @param events the batch
   * @param status the status
   * @param body the answer, e.g. {@code {"message":..., "errors":{"events.3.url":[...]}}}
   */
  record Rejected(List<TrackedEvent> events, int status, String body) implements Delivery {}

  /**
   * The batch was given up: every try failed with a network error, a 5xx or a 429, or the tracker
   * was closed before it could be sent.
   *
   * @param events the batch
   * @param attempts the tries made
   * @param reason the last error
   */
  record GaveUp(List<TrackedEvent> events, int attempts, String reason) implements Delivery {}
}
