package dev.allegro.client;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Pulls a subscription queue with acknowledgement (docs/subscription-queues.md), on the landlord
 * host with an app's token:
 *
 * <pre>
 * loop:
 *     POST /api/v1/queues/{code}/events/pull {"ack_id": A, "limit": L}
 *     if events → handler(batch); A = the answer's ack_id  (handler throws → A unchanged: same batch)
 *     if the batch was full → pull again at once, else wait the interval (default 60 s)
 *     on an error → retry with backoff; a 409 (A no longer fits) → pull again without it
 * </pre>
 *
 * <p>The {@code ack_id} of a batch is sent only with the pull after its handler returned, so a
 * batch is acknowledged only once it was handled: delivery is at least once. {@link #start()} runs
 * the loop on its own thread; {@link #close()} stops it, letting a running handler finish.
 */
public final class SubscriptionQueueConsumer implements Runnable, AutoCloseable {

  /** Processes one non-empty batch; throwing leaves it unacknowledged, to be pulled again. */
  @FunctionalInterface
  public interface Handler {
    void handle(List<SubscriptionEvent> batch) throws Exception;
  }

  private static final System.Logger LOG =
      System.getLogger(SubscriptionQueueConsumer.class.getName());

  private final ApiClient api;
  private final String path;
  private final Handler handler;
  private final int limit;
  private final Duration interval;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final RandomGenerator random = RandomGenerator.getDefault();
  private volatile boolean stopping;
  private volatile Thread runner;
  private String ackId;
  private int failures;

  private SubscriptionQueueConsumer(Builder builder) {
    this.api = new ApiClient(builder.baseUrl, builder.token, builder.host, builder.http);
    this.path =
        "/api/v1/queues/"
            + Objects.requireNonNull(builder.queue, "queue is required")
            + "/events/pull";
    this.handler = Objects.requireNonNull(builder.handler, "handler is required");
    this.limit = builder.limit;
    this.interval = builder.interval;
    this.backoff = builder.backoff;
    this.sleeper = builder.sleeper;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What one pull did. */
  public enum Outcome {
    /** A full batch was handled: pull again at once. */
    FULL,
    /** Fewer than the limit (or none): wait the interval. */
    PARTIAL,
    /** The request or the handler failed: retry with backoff. */
    FAILED
  }

  /** Starts the loop on a new daemon thread. */
  public SubscriptionQueueConsumer start() {
    Thread thread =
        Thread.ofPlatform().name("allegro-subscription-consumer").daemon().unstarted(this);
    runner = thread;
    thread.start();
    return this;
  }

  @Override
  public void run() {
    runner = Thread.currentThread();
    while (!stopping) {
      Outcome outcome;
      try {
        outcome = pullOnce();
      } catch (InterruptedException e) {
        break;
      }
      try {
        switch (outcome) {
          case FULL -> failures = 0;
          case PARTIAL -> {
            failures = 0;
            sleeper.sleep(interval);
          }
          case FAILED -> sleeper.sleep(backoff.delay(failures++, random));
        }
      } catch (InterruptedException e) {
        break;
      }
    }
  }

  /**
   * One pull: acknowledges the previous batch, hands the next to the handler.
   *
   * @throws InterruptedException when the thread is interrupted during the request
   */
  public Outcome pullOnce() throws InterruptedException {
    String body =
        Json.MAPPER.createObjectNode().put("ack_id", ackId).put("limit", limit).toString();
    JsonNode answer;
    try {
      var response = api.send("POST", path, body, Duration.ofSeconds(30));
      if (response.statusCode() == 409) {
        ackId = null; // the position moved (a seek, retention): read from where it is now
        return Outcome.FAILED;
      }
      if (response.statusCode() != 200) {
        LOG.log(System.Logger.Level.WARNING, "pull answered {0}", response.statusCode());
        return Outcome.FAILED;
      }
      answer = Json.MAPPER.readTree(response.body());
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "pull failed", e);
      return Outcome.FAILED;
    }
    var batch = new ArrayList<SubscriptionEvent>();
    for (JsonNode event : answer.path("events")) {
      batch.add(
          new SubscriptionEvent(
              Json.text(event, "id"),
              Json.text(event, "tenant"),
              Json.text(event, "type"),
              Json.text(event, "created_at"),
              event.path("payload")));
    }
    if (!batch.isEmpty()) {
      try {
        handler.handle(List.copyOf(batch));
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "handler failed; the batch is pulled again", e);
        return Outcome.FAILED;
      }
    }
    ackId = Json.text(answer, "ack_id");
    return batch.size() >= limit ? Outcome.FULL : Outcome.PARTIAL;
  }

  /** Stops the loop; a running handler finishes, a pause or request is interrupted. */
  @Override
  public void close() {
    stopping = true;
    Thread thread = runner;
    if (thread != null && thread != Thread.currentThread()) {
      thread.interrupt();
      try {
        thread.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Settings of a {@link SubscriptionQueueConsumer}. */
  public static final class Builder {
    private String baseUrl;
    private String token;
    private String host;
    private HttpClient http;
    private String queue;
    private Handler handler;
    private int limit = 100;
    private Duration interval = Duration.ofSeconds(60);
    private Backoff backoff = Backoff.DEFAULT;
    private Sleeper sleeper = Sleeper.THREAD_SLEEP;

    private Builder() {}

    /** The landlord's base URL, e.g. {@code https://allegro.example}. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** An app's token with {@code queues:pull}. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** A Host header to send (see docs/client.md), or none. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder httpClient(HttpClient http) {
      this.http = http;
      return this;
    }

    /** The queue's code. */
    public Builder queue(String code) {
      this.queue = code;
      return this;
    }

    public Builder handler(Handler handler) {
      this.handler = handler;
      return this;
    }

    /** Events per pull, 1..1000 (default 100). */
    public Builder limit(int limit) {
      if (limit < 1 || limit > 1000) {
        throw new IllegalArgumentException("limit must be between 1 and 1000: " + limit);
      }
      this.limit = limit;
      return this;
    }

    /** The pause after a batch that was not full (default 60 s). */
    public Builder interval(Duration interval) {
      this.interval = Objects.requireNonNull(interval);
      return this;
    }

    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff);
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper);
      return this;
    }

    public SubscriptionQueueConsumer build() {
      return new SubscriptionQueueConsumer(this);
    }
  }
}
