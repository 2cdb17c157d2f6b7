package dev.allegro.client;

/** What {@link Tracker#track(Event)} did with an event; it never waits for the network. */
public sealed interface TrackResult {

  /** {@code true} when the event was buffered for sending. */
  default boolean accepted() {
    return this instanceof Queued;
  }

  /**
   * The event is buffered and will be sent in the background.
   *
   * @param event the event with its id and interaction time
   */
  record Queued(TrackedEvent event) implements TrackResult {}

  /**
   * The event was not buffered and will never be sent.
   *
   * @param event the event with the id and time it would have had
   * @param reason why
   */
  record Dropped(TrackedEvent event, Reason reason) implements TrackResult {}

  /** Why an event was dropped. */
  enum Reason {
    /** The buffer held its capacity: the newest event is the one refused. */
    BUFFER_FULL,
    /** The tracker was closed. */
    CLOSED
  }
}
