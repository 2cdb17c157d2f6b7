package dev.allegro.client;

/**
 * What one poll of a queue consumer did: the outcome of GET, handler and DELETE. Returned by {@link
 * QueueConsumer#poll()} and reported to the builder's listener after every poll of the loop.
 */
public sealed interface PollResult {

  /**
   * The queue was empty.
   *
   * @param longPolled the server held the request for the long-poll {@code wait}, so the loop polls
   *     again at once instead of sleeping
   */
  record Empty(boolean longPolled) implements PollResult {}

  /**
   * The handler accepted the batch and exactly {@code count} items were deleted from the front.
   *
   * @param count the batch's size
   * @param lastId the id of the batch's last item, sent as {@code last_id}
   */
  record Handled(int count, String lastId) implements PollResult {}

  /**
   * The handler threw: nothing was deleted, the batch will be read again after a backoff.
   *
   * @param count the batch's size
   * @param cause what the handler threw
   */
  record HandlerFailed(int count, Exception cause) implements PollResult {}

  /**
   * The handler accepted the batch but the DELETE answered 409: the front of the queue is no longer
   * this batch (another consumer deleted items), so nothing was deleted. The next poll re-reads the
   * front; items this handler saw may be handed over again.
   *
   * @param count the batch's size
   * @param lastId the {@code last_id} the server did not find at that position
   * @param message the server's message
   */
  record Conflict(int count, String lastId, String message) implements PollResult {}

  /**
   * A request failed (network error, unexpected status or unreadable body).
   *
   * @param step the request that failed
   * @param cause the error; an {@link AllegroHttpException} carries the status
   */
  record Failed(Step step, Exception cause) implements PollResult {}

  /** The consumer was stopped during the poll; a batch read but not handled stays in the queue. */
  record Stopped() implements PollResult {}

  /** The request of a {@link Failed} poll. */
  enum Step {
    /** Reading the batch. */
    GET,
    /** Deleting the handled batch (after retries); the batch will be handed over again. */
    DELETE
  }
}
