package dev.allegro.client;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Configures a consumer; get one from {@link EventQueueConsumer#builder()} or {@link
 * HeartbeatQueueConsumer#builder()}. {@code baseUrl}, {@code token} and {@code handler} are
 * required.
 *
 * @param <T> the item type
 * @param <C> the consumer type built
 */
public final class QueueConsumerBuilder<T, C extends QueueConsumer<T>> {

  private final Function<QueueConsumerBuilder<T, C>, C> factory;
  String baseUrl;
  String token;
  String host;
  HttpClient httpClient;
  BatchHandler<T> handler;
  int limit = 10_000;
  Duration wait = Duration.ZERO;
  Backoff backoff = Backoff.DEFAULT;
  Sleeper sleeper = Sleeper.THREAD_SLEEP;
  Clock clock = Clock.systemUTC();
  RandomGenerator random = new Random();
  Consumer<PollResult> listener = result -> {};
  ThreadFactory threadFactory;
  Duration requestTimeout = Duration.ofSeconds(30);

  QueueConsumerBuilder(Function<QueueConsumerBuilder<T, C>, C> factory) {
    this.factory = factory;
  }

  /**
   * The tenant's own origin, e.g. {@code http://demo.localhost:8080}: the Host selects the tenant.
   */
  public QueueConsumerBuilder<T, C> baseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
    return this;
  }

  /**
   * The API token ({@code id|secret}); the GET needs {@code events:read}, the DELETE {@code
   * events:delete}.
   */
  public QueueConsumerBuilder<T, C> token(String token) {
    this.token = token;
    return this;
  }

  /**
   * Sends this {@code Host} header instead of the base URL's host, for a tenant domain that does
   * not resolve (base URL {@code http://127.0.0.1:8080}, host {@code demo.localhost}). The JDK only
   * allows it with {@code -Djdk.httpclient.allowRestrictedHeaders=host}.
   */
  public QueueConsumerBuilder<T, C> host(String host) {
    this.host = host;
    return this;
  }

  /** The HTTP client to use; by default a new one with a 5 s connect timeout. */
  public QueueConsumerBuilder<T, C> httpClient(HttpClient httpClient) {
    this.httpClient = Objects.requireNonNull(httpClient);
    return this;
  }

  /** What to do with each batch; see {@link BatchHandler}. */
  public QueueConsumerBuilder<T, C> handler(BatchHandler<T> handler) {
    this.handler = Objects.requireNonNull(handler);
    return this;
  }

  /** The largest batch, 1 to 10,000 (default 10,000). */
  public QueueConsumerBuilder<T, C> limit(int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be 1..10000: " + limit);
    }
    this.limit = limit;
    return this;
  }

  /**
   * Long-poll: the server holds an empty GET up to this long (whole seconds, at most 20) until an
   * item arrives, so the loop needs no sleep. Zero (the default) turns it off. If the server
   * answers an empty long poll in less than half of it, the loop sleeps with backoff anyway.
   */
  public QueueConsumerBuilder<T, C> longPoll(Duration wait) {
    if (wait.isNegative() || wait.compareTo(Duration.ofSeconds(20)) > 0) {
      throw new IllegalArgumentException("wait must be 0..20 s: " + wait);
    }
    this.wait = Duration.ofSeconds(wait.toSeconds());
    return this;
  }

  /** The pause after an empty read or a failure (default 250 ms doubling to 10 s, jittered). */
  public QueueConsumerBuilder<T, C> backoff(Duration min, Duration max) {
    this.backoff = new Backoff(min, max);
    return this;
  }

  /** How pauses are taken; for tests. */
  public QueueConsumerBuilder<T, C> sleeper(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper);
    return this;
  }

  /** Measures how long a long poll was held; for tests. */
  public QueueConsumerBuilder<T, C> clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
    return this;
  }

  /** The source of jitter; for tests. */
  public QueueConsumerBuilder<T, C> random(RandomGenerator random) {
    this.random = Objects.requireNonNull(random);
    return this;
  }

  /** Called on the loop's thread after every poll (metrics, logging, tests). */
  public QueueConsumerBuilder<T, C> listener(Consumer<PollResult> listener) {
    this.listener = Objects.requireNonNull(listener);
    return this;
  }

  /** Makes the thread of {@link QueueConsumer#start()}; by default a daemon platform thread. */
  public QueueConsumerBuilder<T, C> threadFactory(ThreadFactory threadFactory) {
    this.threadFactory = Objects.requireNonNull(threadFactory);
    return this;
  }

  /** The timeout of each request (default 30 s); the long-poll wait is added to the GET's. */
  public QueueConsumerBuilder<T, C> requestTimeout(Duration requestTimeout) {
    this.requestTimeout = Objects.requireNonNull(requestTimeout);
    return this;
  }

  /** Builds the consumer without starting it. */
  public C build() {
    return factory.apply(this);
  }

  /** Builds the consumer and {@linkplain QueueConsumer#start() starts} it. */
  public C start() {
    C consumer = build();
    consumer.start();
    return consumer;
  }
}
