package dev.allegro.system;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Whether a Redis answers, asked at most once at a time: callers that come while a PING is in
 * flight wait for its answer (at most {@link #WAIT}), and an answer serves everyone for {@link
 * #FRESH}. A Redis that hangs (frozen, not refusing) therefore costs one PING in flight, however
 * often a monitor polls, and every caller an answer within {@link #WAIT}.
 */
public final class RedisProbe {

  /** How long a caller waits for the PING in flight before it counts Redis as unreachable. */
  public static final Duration WAIT = Duration.ofSeconds(1);

  /** How long an answer serves later callers. */
  public static final Duration FRESH = Duration.ofSeconds(1);

  private record Answer(boolean reachable, long atMillis) {}

  private final String thread;
  private final StringRedisTemplate redis;
  private final Clock clock;
  private volatile Answer last;
  private CompletableFuture<Boolean> inFlight;

  /**
   * @param name what this probe asks about, naming the thread of its PING ({@code
   *     redis-probe-NAME})
   */
  public RedisProbe(String name, StringRedisTemplate redis, Clock clock) {
    this.thread = "redis-probe-" + name;
    this.redis = redis;
    this.clock = clock;
  }

  public boolean reachable() {
    Answer seen = last;
    long now = clock.millis();
    if (seen != null && now - seen.atMillis() < FRESH.toMillis()) {
      return seen.reachable();
    }
    boolean reachable;
    try {
      reachable = ping().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      reachable = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reachable = false;
    }
    last = new Answer(reachable, clock.millis());
    return reachable;
  }

  /**
   * What the caller saw Redis do since (a read that timed out, say): later callers know it. An
   * answer that already says unreachable keeps its time, so that it still expires {@link #FRESH}
   * after its PING: were it renewed by every caller that was told it, a monitor polling more often
   * than that would never let the probe ask Redis again, and would see it down long after it is
   * back.
   */
  public void unreachable() {
    Answer seen = last;
    if (seen == null || seen.reachable()) {
      last = new Answer(false, clock.millis());
    }
  }

  /** The PING in flight, or a new one: one at a time, until Redis answers or its timeout. */
  private synchronized CompletableFuture<Boolean> ping() {
    if (inFlight == null || inFlight.isDone()) {
      inFlight =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return "PONG".equals(redis.execute(connection -> connection.ping(), true));
                } catch (RuntimeException e) {
                  return false;
                }
              },
              runnable -> Thread.ofVirtual().name(thread).start(runnable));
    }
    return inFlight;
  }
}
