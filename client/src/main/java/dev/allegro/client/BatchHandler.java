package dev.allegro.client;

import java.util.List;

/**
 * Processes one batch read from a queue. The consumer deletes the batch from the queue only after
 * this returns normally; when it throws, nothing is deleted and the same batch (plus whatever
 * arrived since, up to the limit) is handed over again on the next poll. Delivery is therefore at
 * least once: make the handler idempotent, for example by the event's {@code id}.
 *
 * @param <T> the item type: {@link QueuedEvent} or {@link Heartbeat}
 */
@FunctionalInterface
public interface BatchHandler<T> {

  /**
   * Handles a non-empty batch, oldest item first.
   *
   * @param batch the items, never empty, not modifiable
   * @throws Exception to leave the batch in the queue and get it again later
   */
  void handle(List<T> batch) throws Exception;
}
