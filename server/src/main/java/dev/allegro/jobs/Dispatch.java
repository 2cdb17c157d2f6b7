package dev.allegro.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How to dispatch a job; {@code null} leaves a setting to the job type's defaults, then the
 * supervisor's configuration. Build with {@code Dispatch.defaults().onQueue("high").tries(3)}.
 *
 * @param backoff seconds to wait before each retry; the last value repeats for later attempts
 * @param retryUntil when set, retry until this time whatever {@code tries} says (Laravel's rule)
 * @param maxExceptions fail once this many attempts threw, even with tries left
 */
public record Dispatch(
    String queue,
    Duration delay,
    Integer tries,
    List<Integer> backoff,
    Duration timeout,
    Instant retryUntil,
    Integer maxExceptions,
    List<String> tags) {

  public static Dispatch defaults() {
    return new Dispatch(null, null, null, null, null, null, null, null);
  }

  public Dispatch onQueue(String name) {
    return new Dispatch(
        Queues.requireValid(name), delay, tries, backoff, timeout, retryUntil, maxExceptions, tags);
  }

  public Dispatch delay(Duration value) {
    return new Dispatch(queue, value, tries, backoff, timeout, retryUntil, maxExceptions, tags);
  }

  public Dispatch tries(int value) {
    return new Dispatch(queue, delay, value, backoff, timeout, retryUntil, maxExceptions, tags);
  }

  public Dispatch backoff(Integer... seconds) {
    return new Dispatch(
        queue, delay, tries, List.of(seconds), timeout, retryUntil, maxExceptions, tags);
  }

  public Dispatch timeout(Duration value) {
    return new Dispatch(queue, delay, tries, backoff, value, retryUntil, maxExceptions, tags);
  }

  public Dispatch retryUntil(Instant value) {
    return new Dispatch(queue, delay, tries, backoff, timeout, value, maxExceptions, tags);
  }

  public Dispatch maxExceptions(int value) {
    return new Dispatch(queue, delay, tries, backoff, timeout, retryUntil, value, tags);
  }

  public Dispatch tags(String... values) {
    return new Dispatch(
        queue, delay, tries, backoff, timeout, retryUntil, maxExceptions, List.of(values));
  }

  /** These options, with every unset one taken from {@code fallback}. */
  public Dispatch over(Dispatch fallback) {
    return new Dispatch(
        queue != null ? queue : fallback.queue,
        delay != null ? delay : fallback.delay,
        tries != null ? tries : fallback.tries,
        backoff != null ? backoff : fallback.backoff,
        timeout != null ? timeout : fallback.timeout,
        retryUntil != null ? retryUntil : fallback.retryUntil,
        maxExceptions != null ? maxExceptions : fallback.maxExceptions,
        tags != null ? tags : fallback.tags);
  }
}
