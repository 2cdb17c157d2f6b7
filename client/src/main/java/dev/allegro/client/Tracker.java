package dev.allegro.client;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Server-side event tracking: {@link #track(Event)} returns at once and a background thread sends
 * the events to {@code POST /api/v1/events} in batches (token ability {@code events:write}).
 *
 * <ul>
 *   <li><b>Never blocks.</b> Events wait in a bounded in-memory buffer (default 10,000). When it is
 *       full the <em>new</em> event is dropped: {@code track} returns {@link TrackResult.Dropped}
 *       with {@link TrackResult.Reason#BUFFER_FULL} and {@link Stats#dropped()} counts it.
 *   <li><b>Interaction time.</b> {@code created_at} is the tracker's clock at the moment {@code
 *       track} is called, not when the batch leaves, and each event gets a random UUID {@code id}
 *       then, so a retried batch is de-duplicated by the server instead of counted twice.
 *   <li><b>Batching.</b> A batch leaves when it holds {@code batchSize} events (at most 100) or
 *       when its first event has waited {@code linger}.
 *   <li><b>Retries.</b> A network error, a 5xx or a 429 is retried per the {@link RetryPolicy} (5
 *       tries in total by default, full-jitter exponential backoff, {@code Retry-After} honoured).
 *       A 4xx other than 429 is not retried. Each batch ends in one {@link Delivery} given to the
 *       listener.
 *   <li><b>Flush and close.</b> {@link #flush()} sends what is buffered now and waits for it;
 *       {@link #close()} refuses new events, sends the rest and waits up to {@code closeTimeout},
 *       then gives up what is left.
 * </ul>
 *
 * <p>Batches are sent one at a time, in order, from one thread: while a batch is being retried the
 * buffer keeps filling.
 */
public final class Tracker implements AutoCloseable {

  private final Clock clock;
  private final Duration closeTimeout;
  private final TrackerBuffer buffer;
  private final TrackerSender sender;
  private final Thread senderThread;

  private Tracker(Builder builder) {
    ApiClient api = new ApiClient(builder.baseUrl, builder.token, builder.host, builder.httpClient);
    this.clock = builder.clock;
    this.closeTimeout = builder.closeTimeout;
    this.buffer = new TrackerBuffer(builder.bufferCapacity, builder.batchSize, builder.linger);
    this.sender =
        new TrackerSender(
            api,
            buffer,
            builder.clock,
            builder.retryPolicy,
            builder.sleeper,
            builder.random,
            builder.listener,
            builder.requestTimeout);
    this.senderThread = builder.threadFactory.newThread(sender);
    this.senderThread.start();
  }

  /** A builder; {@code baseUrl} and {@code token} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Buffers an event for sending, stamping its id and interaction time now (unless the event has
   * its own). Never waits: see the class description for what happens when the buffer is full.
   *
   * @return {@link TrackResult.Queued} with the id and time, or {@link TrackResult.Dropped}
   */
  public TrackResult track(Event event) {
    Objects.requireNonNull(event, "event");
    Instant createdAt =
        event.createdAt() != null
            ? event.createdAt()
            : clock.instant().truncatedTo(ChronoUnit.MILLIS);
    UUID id = event.id() != null ? event.id() : UUID.randomUUID();
    return buffer.offer(new TrackedEvent(id, createdAt, event));
  }

  /** Shorthand for {@code track(Event.builder(type, sessionId).build())}. */
  public TrackResult track(String type, String sessionId) {
    return track(Event.builder(type, sessionId).build());
  }

  /**
   * Sends what is buffered now without waiting for the linger and waits until it is delivered
   * (sent, rejected or given up), at most {@code closeTimeout}.
   *
   * @return {@code true} when everything tracked before the call was delivered in time
   */
  public boolean flush() {
    return flush(closeTimeout);
  }

  /**
   * Like {@link #flush()} with a timeout of your own.
   *
   * @return {@code true} when everything tracked before the call was delivered in time
   */
  public boolean flush(Duration timeout) {
    try {
      return buffer.flush(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Refuses new events, sends the buffered ones and waits for them up to {@code closeTimeout}. What
   * is still unsent after that is given up (reported as {@link Delivery.GaveUp}).
   */
  @Override
  public void close() {
    buffer.close();
    try {
      senderThread.join(closeTimeout);
      if (senderThread.isAlive()) {
        sender.abandon();
        senderThread.interrupt();
        senderThread.join(Duration.ofSeconds(5));
      }
    } catch (InterruptedException e) {
      sender.abandon();
      senderThread.interrupt();
      Thread.currentThread().interrupt();
    }
  }

  /** Counters since the tracker was built. */
  public Stats stats() {
    TrackerBuffer.Counts counts = buffer.counts();
    return new Stats(
        counts.accepted(),
        counts.dropped(),
        counts.buffered(),
        sender.sent(),
        sender.rejected(),
        sender.failed());
  }

  /**
   * Counters of a {@link Tracker}, in events.
   *
   * @param accepted events buffered by {@code track}
   * @param dropped events refused because the buffer was full
   * @param buffered events waiting in the buffer now
   * @param sent events the server accepted
   * @param rejected events in batches refused with a 4xx other than 429
   * @param failed events given up after the last try or at close
   */
  public record Stats(
      long accepted, long dropped, int buffered, long sent, long rejected, long failed) {}

  /** Configures a {@link Tracker}. */
  public static final class Builder {

    private String baseUrl;
    private String token;
    private String host;
    private HttpClient httpClient;
    private Clock clock = Clock.systemUTC();
    private int bufferCapacity = 10_000;
    private int batchSize = 100;
    private Duration linger = Duration.ofMillis(200);
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private Sleeper sleeper = Sleeper.THREAD_SLEEP;
    private RandomGenerator random = new Random();
    private Consumer<Delivery> listener = delivery -> {};
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration closeTimeout = Duration.ofSeconds(10);
    private ThreadFactory threadFactory =
        Thread.ofPlatform().name("allegro-tracker").daemon().factory();

    private Builder() {}

    /**
     * The tenant's own origin, e.g. {@code http://demo.localhost:8080}: the Host selects the
     * tenant.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** The API token ({@code id|secret}) with the ability {@code events:write}. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /**
     * Sends this {@code Host} header instead of the base URL's host; needs {@code
     * -Djdk.httpclient.allowRestrictedHeaders=host}. See {@link QueueConsumerBuilder#host}.
     */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The HTTP client to use; by default a new one with a 5 s connect timeout. */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient);
      return this;
    }

    /** The clock of the interaction time ({@code created_at}); for tests. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** How many events may wait to be sent (default 10,000); beyond it new events are dropped. */
    public Builder bufferCapacity(int bufferCapacity) {
      if (bufferCapacity < 1) {
        throw new IllegalArgumentException("bufferCapacity must be positive: " + bufferCapacity);
      }
      this.bufferCapacity = bufferCapacity;
      return this;
    }

    /** The largest batch, 1 to 100 (default 100). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 100) {
        throw new IllegalArgumentException("batchSize must be 1..100: " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** How long a batch waits to fill before it is sent anyway (default 200 ms). */
    public Builder linger(Duration linger) {
      if (linger.isNegative()) {
        throw new IllegalArgumentException("linger must not be negative: " + linger);
      }
      this.linger = linger;
      return this;
    }

    /** Tries and backoff of a failing batch (default {@link RetryPolicy#DEFAULT}). */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy);
      return this;
    }

    /** How the waits between tries are taken; for tests. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper);
      return this;
    }

    /** The source of jitter; for tests. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random);
      return this;
    }

    /** Told how each batch ended, on the sender thread; keep it quick. */
    public Builder listener(Consumer<Delivery> listener) {
      this.listener = Objects.requireNonNull(listener);
      return this;
    }

    /** The timeout of one POST (default 10 s). */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Objects.requireNonNull(requestTimeout);
      return this;
    }

    /** How long {@link Tracker#close()} and {@link Tracker#flush()} wait (default 10 s). */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = Objects.requireNonNull(closeTimeout);
      return this;
    }

    /** Makes the sender thread; by default a daemon platform thread. */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory);
      return this;
    }

    /** Builds the tracker and starts its sender thread. */
    public Tracker build() {
      return new Tracker(this);
    }
  }
}
