package dev.allegro.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Drains one of the tenant's queues with the recommended pattern of Allegro's event queue:
 *
 * <pre>
 * loop:
 *     GET    {path}?limit=L[&amp;wait=S]                  (non-destructive)
 *     if count == 0 → sleep with backoff, continue   (no sleep after a long poll)
 *     handler(batch)                                 (throws → no DELETE, same batch again)
 *     DELETE {path}?count=N&amp;last_id=ID               (N and ID from this batch)
 * </pre>
 *
 * <p>Deleting exactly {@code N} leaves the items that arrived between GET and DELETE in place, and
 * {@code last_id} makes the server refuse (409) when the {@code N}-th item from the front is no
 * longer this batch's last one, so a retried or late DELETE never removes unread items. A 409 is
 * reported as {@link PollResult.Conflict} and the loop simply reads the front again. Delivery is at
 * least once.
 *
 * <p>{@link #start()} runs the loop on its own thread; {@link #run()} runs it on the caller's.
 * {@link #close()} stops it: a pending GET or pause is interrupted at once, a running handler and
 * its DELETE are allowed to finish, and {@code close()} returns when the loop has ended. A consumer
 * runs once; it is not restartable.
 *
 * @param <T> the item type
 */
public abstract sealed class QueueConsumer<T> implements Runnable, AutoCloseable
    permits EventQueueConsumer, HeartbeatQueueConsumer {

  private static final System.Logger LOG = System.getLogger(QueueConsumer.class.getName());
  private static final int DELETE_ATTEMPTS = 3;

  private final QueueKind<T> kind;
  private final ApiClient api;
  private final BatchHandler<T> handler;
  private final int limit;
  private final Duration wait;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final Clock clock;
  private final RandomGenerator random;
  private final Consumer<PollResult> listener;
  private final ThreadFactory threadFactory;
  private final Duration requestTimeout;

  private final Object lifecycle = new Object();
  private Thread runner;
  private boolean interruptible;
  private volatile boolean stopping;
  private volatile boolean finished;
  private int quietStreak;

  QueueConsumer(Builder<T, ?> builder, QueueKind<T> kind) {
    this.kind = kind;
    this.api = new ApiClient(builder.baseUrl, builder.token, builder.host, builder.httpClient);
    this.handler = Objects.requireNonNull(builder.handler, "handler is required");
    this.limit = builder.limit;
    this.wait = builder.wait;
    this.backoff = builder.backoff;
    this.sleeper = builder.sleeper;
    this.clock = builder.clock;
    this.random = builder.random;
    this.listener = builder.listener;
    this.threadFactory =
        builder.threadFactory != null
            ? builder.threadFactory
            : Thread.ofPlatform().name("allegro-" + kind.name() + "-consumer").daemon().factory();
    this.requestTimeout = builder.requestTimeout;
  }

  /**
   * Starts the loop on a new thread (from the builder's thread factory).
   *
   * @return this consumer
   * @throws IllegalStateException when it was started before
   */
  public QueueConsumer<T> start() {
    Thread thread = threadFactory.newThread(this);
    claim(thread);
    thread.start();
    return this;
  }

  /**
   * Runs the loop on the calling thread until {@link #stop()} or {@link #close()} is called or the
   * thread is interrupted.
   *
   * @throws IllegalStateException when the consumer already runs or ran
   */
  @Override
  public void run() {
    if (runner != Thread.currentThread()) {
      claim(Thread.currentThread());
    }
    try {
      while (!stopping) {
        PollResult result;
        try {
          result = poll();
        } catch (InterruptedException e) {
          break;
        }
        report(result);
        if (result instanceof PollResult.Stopped) {
          break;
        }
        if (!pause(result)) {
          break;
        }
      }
    } finally {
      synchronized (lifecycle) {
        interruptible = false;
        finished = true;
        lifecycle.notifyAll();
      }
      if (stopping) {
        Thread.interrupted(); // an interrupt of ours that arrived late; the loop is over anyway
      }
    }
  }

  /**
   * One round of the loop without any pause: GET, handler, DELETE. Useful to drive a consumer from
   * an existing scheduler instead of {@link #start()}; never call it while the loop runs.
   *
   * @return what happened
   * @throws InterruptedException when the thread is interrupted during the GET
   */
  public PollResult poll() throws InterruptedException {
    List<T> batch;
    String lastId;
    long startedAt = clock.millis();
    enterInterruptible();
    try {
      JsonNode items = fetch();
      List<T> decoded = new ArrayList<>(items.size());
      for (JsonNode item : items) {
        decoded.add(kind.decoder().apply(item));
      }
      batch = Collections.unmodifiableList(decoded);
      lastId = batch.isEmpty() ? null : Json.text(items.get(items.size() - 1), kind.idField());
    } catch (IOException | RuntimeException e) {
      return new PollResult.Failed(PollResult.Step.GET, e);
    } finally {
      leaveInterruptible();
    }
    if (stopping) {
      return new PollResult.Stopped();
    }
    if (batch.isEmpty()) {
      boolean held = !wait.isZero() && clock.millis() - startedAt >= wait.toMillis() / 2;
      return new PollResult.Empty(held);
    }
    try {
      handler.handle(batch);
    } catch (Exception e) {
      return new PollResult.HandlerFailed(batch.size(), e);
    }
    return delete(batch.size(), lastId);
  }

  /** Asks the loop to stop without waiting; see {@link #close()}. */
  public void stop() {
    synchronized (lifecycle) {
      stopping = true;
      if (interruptible && runner != null) {
        runner.interrupt();
      }
      lifecycle.notifyAll();
    }
  }

  /**
   * Waits for the loop to end after {@link #stop()}.
   *
   * @return {@code true} when it ended (or never started) within {@code timeout}
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lifecycle) {
      while (runner != null && !finished) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lifecycle.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /**
   * Stops the loop and waits until it has ended: a GET or pause in progress is cut short, a handler
   * in progress finishes and its batch is deleted. If the calling thread is interrupted while
   * waiting, it returns early with the interrupt flag set.
   */
  @Override
  public void close() {
    stop();
    if (runner == Thread.currentThread()) {
      return; // called from the handler: the loop ends after this round
    }
    try {
      awaitTermination(Duration.ofDays(365));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code true} once the loop has ended. */
  public boolean isFinished() {
    return finished;
  }

  private void claim(Thread thread) {
    synchronized (lifecycle) {
      if (runner != null) {
        throw new IllegalStateException("this consumer was already started; build a new one");
      }
      runner = thread;
    }
  }

  private JsonNode fetch() throws IOException, InterruptedException {
    StringBuilder path = new StringBuilder(kind.path()).append("?limit=").append(limit);
    if (!wait.isZero()) {
      path.append("&wait=").append(wait.toSeconds());
    }
    HttpResponse<String> response =
        api.send("GET", path.toString(), null, requestTimeout.plus(wait));
    if (response.statusCode() != 200) {
      throw new AllegroHttpException(
          "GET", path.toString(), response.statusCode(), response.body());
    }
    JsonNode items = Json.MAPPER.readTree(response.body()).path("data").path(kind.itemsKey());
    if (!items.isArray()) {
      throw new IOException("GET " + path + " answered without data." + kind.itemsKey());
    }
    return items;
  }

  private PollResult delete(int count, String lastId) {
    String path =
        kind.path()
            + "?count="
            + count
            + (lastId == null
                ? ""
                : "&last_id=" + URLEncoder.encode(lastId, StandardCharsets.UTF_8));
    Exception failure = null;
    for (int attempt = 1; attempt <= DELETE_ATTEMPTS; attempt++) {
      try {
        HttpResponse<String> response = api.send("DELETE", path, null, requestTimeout);
        int status = response.statusCode();
        if (status == 204 || status == 200) {
          return new PollResult.Handled(count, lastId);
        }
        if (status == 409) {
          return new PollResult.Conflict(count, lastId, message(response.body()));
        }
        failure = new AllegroHttpException("DELETE", path, status, response.body());
        if (status < 500 && status != 429) {
          break;
        }
      } catch (IOException e) {
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new PollResult.Failed(PollResult.Step.DELETE, e);
      }
      if (stopping || attempt == DELETE_ATTEMPTS) {
        break;
      }
      try {
        // The DELETE is safe to repeat thanks to last_id, so a short retry avoids a redelivery.
        sleeper.sleep(backoff.delay(attempt - 1, random));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return new PollResult.Failed(PollResult.Step.DELETE, failure);
  }

  private static String message(String body) {
    try {
      return Json.text(Json.MAPPER.readTree(body), "message");
    } catch (JacksonException e) {
      return body;
    }
  }

  /** Sleeps as the result asks; returns {@code false} when the loop must end. */
  private boolean pause(PollResult result) {
    Duration delay =
        switch (result) {
          case PollResult.Handled handled -> quiet(false);
          case PollResult.Empty empty -> empty.longPolled() ? quiet(false) : quiet(true);
          // The first conflict re-reads at once; a run of them backs off.
          case PollResult.Conflict conflict -> quiet(true);
          case PollResult.HandlerFailed failed -> quiet(true);
          case PollResult.Failed failed -> quiet(true);
          case PollResult.Stopped stopped -> Duration.ZERO;
        };
    if (result instanceof PollResult.Conflict && quietStreak == 1) {
      delay = Duration.ZERO;
    }
    if (delay.isZero()) {
      return !stopping;
    }
    try {
      enterInterruptible();
      sleeper.sleep(delay);
      return !stopping;
    } catch (InterruptedException e) {
      return false;
    } finally {
      leaveInterruptible();
    }
  }

  private Duration quiet(boolean quiet) {
    if (!quiet) {
      quietStreak = 0;
      return Duration.ZERO;
    }
    return backoff.delay(quietStreak++, random);
  }

  /** From here on {@link #stop()} may interrupt this thread (a GET or a pause). */
  private void enterInterruptible() throws InterruptedException {
    synchronized (lifecycle) {
      if (stopping) {
        throw new InterruptedException("consumer is stopping");
      }
      interruptible = true;
    }
  }

  /** From here on {@link #stop()} lets the handler and the DELETE finish. */
  private void leaveInterruptible() {
    synchronized (lifecycle) {
      interruptible = false;
    }
  }

  private void report(PollResult result) {
    switch (result) {
      case PollResult.HandlerFailed failed ->
          LOG.log(
              Level.WARNING,
              "Handler failed on a batch of " + failed.count() + " " + kind.name(),
              failed.cause());
      case PollResult.Failed failed ->
          LOG.log(Level.WARNING, failed.step() + " " + kind.path() + " failed", failed.cause());
      case PollResult.Conflict conflict ->
          LOG.log(
              Level.INFO,
              "Front of the {0} queue changed before DELETE ({1}); reading it again",
              kind.name(),
              conflict.message());
      default -> {}
    }
    try {
      listener.accept(result);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Poll listener threw", e);
    }
  }

  /**
   * Configures a consumer; get one from {@link EventQueueConsumer#builder()} or {@link
   * HeartbeatQueueConsumer#builder()}. {@code baseUrl}, {@code token} and {@code handler} are
   * required.
   *
   * @param <T> the item type
   * @param <C> the consumer type built
   */
  public static final class Builder<T, C extends QueueConsumer<T>> {

    private final Function<Builder<T, C>, C> factory;
    private String baseUrl;
    private String token;
    private String host;
    private HttpClient httpClient;
    private BatchHandler<T> handler;
    private int limit = 10_000;
    private Duration wait = Duration.ZERO;
    private Backoff backoff = Backoff.DEFAULT;
    private Sleeper sleeper = Sleeper.THREAD_SLEEP;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new Random();
    private Consumer<PollResult> listener = result -> {};
    private ThreadFactory threadFactory;
    private Duration requestTimeout = Duration.ofSeconds(30);

    Builder(Function<Builder<T, C>, C> factory) {
      this.factory = factory;
    }

    /**
     * The tenant's own origin, e.g. {@code http://demo.localhost:8080}: the Host selects the
     * tenant.
     */
    public Builder<T, C> baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * The API token ({@code id|secret}); the GET needs {@code events:read}, the DELETE {@code
     * events:delete}.
     */
    public Builder<T, C> token(String token) {
      this.token = token;
      return this;
    }

    /**
     * Sends this {@code Host} header instead of the base URL's host, for a tenant domain that does
     * not resolve (base URL {@code http://127.0.0.1:8080}, host {@code demo.localhost}). The JDK
     * only allows it with {@code -Djdk.httpclient.allowRestrictedHeaders=host}.
     */
    public Builder<T, C> host(String host) {
      this.host = host;
      return this;
    }

    /** The HTTP client to use; by default a new one with a 5 s connect timeout. */
    public Builder<T, C> httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient);
      return this;
    }

    /** What to do with each batch; see {@link BatchHandler}. */
    public Builder<T, C> handler(BatchHandler<T> handler) {
      this.handler = Objects.requireNonNull(handler);
      return this;
    }

    /** The largest batch, 1 to 10,000 (default 10,000). */
    public Builder<T, C> limit(int limit) {
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
    public Builder<T, C> longPoll(Duration wait) {
      if (wait.isNegative() || wait.compareTo(Duration.ofSeconds(20)) > 0) {
        throw new IllegalArgumentException("wait must be 0..20 s: " + wait);
      }
      this.wait = Duration.ofSeconds(wait.toSeconds());
      return this;
    }

    /** The pause after an empty read or a failure (default 250 ms doubling to 10 s, jittered). */
    public Builder<T, C> backoff(Duration min, Duration max) {
      this.backoff = new Backoff(min, max);
      return this;
    }

    /** How pauses are taken; for tests. */
    public Builder<T, C> sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper);
      return this;
    }

    /** Measures how long a long poll was held; for tests. */
    public Builder<T, C> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** The source of jitter; for tests. */
    public Builder<T, C> random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random);
      return this;
    }

    /** Called on the loop's thread after every poll (metrics, logging, tests). */
    public Builder<T, C> listener(Consumer<PollResult> listener) {
      this.listener = Objects.requireNonNull(listener);
      return this;
    }

    /** Makes the thread of {@link QueueConsumer#start()}; by default a daemon platform thread. */
    public Builder<T, C> threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory);
      return this;
    }

    /** The timeout of each request (default 30 s); the long-poll wait is added to the GET's. */
    public Builder<T, C> requestTimeout(Duration requestTimeout) {
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
}
