package dev.allegro.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The sender thread of a {@link Tracker}: takes batches from its {@link TrackerBuffer}, sends each
 * to {@code POST /api/v1/events} with retries per the {@link RetryPolicy} and ends each batch in
 * one {@link Delivery}, counted and given to the listener.
 */
final class TrackerSender implements Runnable {

  private static final System.Logger LOG = System.getLogger(Tracker.class.getName());
  private static final String PATH = "/api/v1/events";

  private final ApiClient api;
  private final TrackerBuffer buffer;
  private final Clock clock;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final Consumer<Delivery> listener;
  private final Duration requestTimeout;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean abandoning;

  TrackerSender(
      ApiClient api,
      TrackerBuffer buffer,
      Clock clock,
      RetryPolicy retryPolicy,
      Sleeper sleeper,
      RandomGenerator random,
      Consumer<Delivery> listener,
      Duration requestTimeout) {
    this.api = api;
    this.buffer = buffer;
    this.clock = clock;
    this.retryPolicy = retryPolicy;
    this.sleeper = sleeper;
    this.random = random;
    this.listener = listener;
    this.requestTimeout = requestTimeout;
  }

  /** Makes the loop give up after the current batch; the caller then interrupts the thread. */
  void abandon() {
    abandoning = true;
  }

  long sent() {
    return sent.get();
  }

  long rejected() {
    return rejected.get();
  }

  long failed() {
    return failed.get();
  }

  @Override
  public void run() {
    try {
      while (!abandoning) {
        List<TrackedEvent> batch;
        try {
          batch = buffer.take();
        } catch (InterruptedException e) {
          break;
        }
        if (batch.isEmpty()) {
          return;
        }
        deliver(batch);
      }
    } finally {
      List<TrackedEvent> rest = buffer.drain();
      if (!rest.isEmpty()) {
        finish(new Delivery.GaveUp(rest, 0, "tracker closed before the events were sent"));
      }
    }
  }

  private void deliver(List<TrackedEvent> batch) {
    String body;
    try {
      body =
          Json.MAPPER.writeValueAsString(
              Map.of(
                  "events",
                  batch.stream().map(e -> Event.json(e.event(), e.id(), e.createdAt())).toList()));
    } catch (RuntimeException e) {
      finish(new Delivery.Rejected(batch, 0, "not serializable: " + e.getMessage()));
      return;
    }
    int attempt = 0;
    while (true) {
      attempt++;
      Duration retryAfter = null;
      String error;
      try {
        HttpResponse<String> response = api.send("POST", PATH, body, requestTimeout);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          finish(new Delivery.Sent(batch, attempt));
          return;
        }
        if (status != 429 && status < 500) {
          finish(new Delivery.Rejected(batch, status, response.body()));
          return;
        }
        error = status + " " + response.body();
        retryAfter = retryAfter(response);
      } catch (IOException e) {
        error = e.toString();
      } catch (InterruptedException e) {
        finish(new Delivery.GaveUp(batch, attempt, "tracker closed during the request"));
        return;
      }
      if (attempt >= retryPolicy.maxAttempts()) {
        finish(new Delivery.GaveUp(batch, attempt, error));
        return;
      }
      try {
        sleeper.sleep(retryPolicy.delayAfter(attempt, retryAfter, random));
      } catch (InterruptedException e) {
        finish(
            new Delivery.GaveUp(batch, attempt, "tracker closed while waiting to retry: " + error));
        return;
      }
    }
  }

  /** {@code Retry-After} as seconds or an HTTP date; {@code null} when absent or unreadable. */
  private Duration retryAfter(HttpResponse<String> response) {
    String value = response.headers().firstValue("Retry-After").orElse(null);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at =
            ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration left = Duration.between(clock.instant(), at);
        return left.isNegative() ? Duration.ZERO : left;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  private void finish(Delivery delivery) {
    int count = delivery.events().size();
    switch (delivery) {
      case Delivery.Sent s -> sent.addAndGet(count);
      case Delivery.Rejected r -> {
        rejected.addAndGet(count);
        LOG.log(
            Level.WARNING, "Batch of {0} events rejected: {1} {2}", count, r.status(), r.body());
      }
      case Delivery.GaveUp g -> {
        failed.addAndGet(count);
        LOG.log(
            Level.WARNING,
            "Gave up a batch of {0} events after {1} tries: {2}",
            count,
            g.attempts(),
            g.reason());
      }
    }
    try {
      listener.accept(delivery);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Delivery listener threw", e);
    } finally {
      buffer.delivered(count);
    }
  }
}
