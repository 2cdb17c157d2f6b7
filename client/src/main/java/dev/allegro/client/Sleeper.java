package dev.allegro.client;

import java.time.Duration;

/**
 * Waits between polls and between retries. The default is {@link Thread#sleep(Duration)}; tests
 * pass one that records the requested durations and returns at once.
 *
 * <p>An implementation must be interruptible: the consumers and the tracker stop a pause by
 * interrupting the thread that waits in it.
 */
@FunctionalInterface
public interface Sleeper {

  /** The default: {@link Thread#sleep(Duration)}. */
  Sleeper THREAD_SLEEP = Thread::sleep;

  /**
   * Pauses for {@code duration}.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  void sleep(Duration duration) throws InterruptedException;
}
