package dev.allegro.client;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP round trip of a {@link QueueConsumer}: the GET that reads a batch from the front of a
 * queue and the DELETE that removes it.
 *
 * @param <T> the item type
 */
final class QueueRequests<T> {

  private static final int DELETE_ATTEMPTS = 3;

  private final ApiClient api;
  private final QueueKind<T> kind;
  private final int limit;
  private final Duration wait;
  private final Duration requestTimeout;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final RandomGenerator random;

  QueueRequests(QueueConsumerBuilder<T, ?> builder, QueueKind<T> kind) {
    this.api = new ApiClient(builder.baseUrl, builder.token, builder.host, builder.httpClient);
    this.kind = kind;
    this.limit = builder.limit;
    this.wait = builder.wait;
    this.requestTimeout = builder.requestTimeout;
    this.backoff = builder.backoff;
    this.sleeper = builder.sleeper;
    this.random = builder.random;
  }

  /**
   * A batch read from the front of the queue.
   *
   * @param items the decoded items, unmodifiable
   * @param lastId the id of the last item, {@code null} when the batch is empty
   */
  record Batch<T>(List<T> items, String lastId) {}

  /**
   * {@code GET {path}?limit=L[&wait=S]}, decoded.
   *
   * @throws IOException on a network error, a status other than 200 or an unexpected body
   * @throws RuntimeException when an item cannot be decoded
   */
  Batch<T> fetch() throws IOException, InterruptedException {
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
    List<T> decoded = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      decoded.add(kind.decoder().apply(item));
    }
    String lastId =
        decoded.isEmpty() ? null : Json.text(items.get(items.size() - 1), kind.idField());
    return new Batch<>(Collections.unmodifiableList(decoded), lastId);
  }

  /**
   * {@code DELETE {path}?count=N&last_id=ID}, tried up to three times on a network error, a 5xx or
   * a 429 unless {@code stopping} says the consumer is stopping.
   *
   * @return {@link PollResult.Handled}, {@link PollResult.Conflict} or {@link PollResult.Failed}
   */
  PollResult delete(int count, String lastId, BooleanSupplier stopping) {
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
      if (stopping.getAsBoolean() || attempt == DELETE_ATTEMPTS) {
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
}
