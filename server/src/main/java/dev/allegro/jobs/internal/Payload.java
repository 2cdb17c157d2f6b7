package dev.allegro.jobs.internal;

import dev.allegro.jobs.JobId;
import dev.allegro.jobs.RetryPolicy;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * A job as it lies in Redis: Laravel's payload (uuid, displayName, job, maxTries, maxExceptions,
 * backoff, timeout, retryUntil, data, attempts, pushedAt, tags) plus the count of attempts that
 * threw. It starts with its {@link PayloadHeader}, which the pop script reads from the text.
 *
 * @param timeout seconds
 * @param retryUntil epoch seconds, or null
 * @param pushedAt epoch milliseconds of the dispatch
 */
public record Payload(
    int attempts,
    long timeout,
    JobId uuid,
    String displayName,
    String job,
    int maxTries,
    Integer maxExceptions,
    List<Integer> backoff,
    Long retryUntil,
    JsonNode data,
    long pushedAt,
    List<String> tags,
    int exceptions) {

  private static final JsonMapper JSON = JobJson.MAPPER;

  private static final ObjectReader TREE =
      JSON.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  public Payload {
    backoff = backoff == null ? null : List.copyOf(backoff);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  public String toJson() {
    // Streamed rather than built as a tree: every dispatch and every retry writes one.
    var out = new StringWriter(256 + 64 * tags.size());
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      PayloadHeader.write(json, attempts, timeout, uuid);
      json.writeStringProperty("displayName", displayName);
      json.writeStringProperty("job", job);
      json.writeNumberProperty("maxTries", maxTries);
      json.writeName("maxExceptions");
      if (maxExceptions == null) {
        json.writeNull();
      } else {
        json.writeNumber(maxExceptions);
      }
      json.writeName("backoff");
      if (backoff == null) {
        json.writeNull();
      } else {
        json.writeStartArray();
        for (int seconds : backoff) {
          json.writeNumber(seconds);
        }
        json.writeEndArray();
      }
      json.writeName("retryUntil");
      if (retryUntil == null) {
        json.writeNull();
      } else {
        json.writeNumber(retryUntil);
      }
      json.writeName("data");
      if (data == null || data.isMissingNode()) {
        json.writeNull();
      } else {
        json.writeTree(data);
      }
      json.writeNumberProperty("pushedAt", pushedAt);
      json.writeArrayPropertyStart("tags");
      for (String tag : tags) {
        json.writeString(tag);
      }
      json.writeEndArray();
      json.writeNumberProperty("exceptions", exceptions);
      json.writeEndObject();
    }
    return out.toString();
  }

  /**
   * @throws IllegalArgumentException when {@code json} is not a job payload
   */
  public static Payload parse(String json) {
    // Read field by field: a worker parses every job it takes, and only data needs a tree.
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      int attempts = 0;
      long timeout = 0;
      String uuid = "";
      String displayName = "";
      String job = "";
      int maxTries = 0;
      Integer maxExceptions = null;
      List<Integer> backoff = null;
      Long retryUntil = null;
      JsonNode data = MissingNode.getInstance();
      long pushedAt = 0;
      List<String> tags = List.of();
      int exceptions = 0;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "attempts" -> attempts = parser.getValueAsInt(0);
          case "timeout" -> timeout = parser.getValueAsLong(0);
          case "uuid" -> uuid = parser.getValueAsString("");
          case "displayName" -> displayName = parser.getValueAsString("");
          case "job" -> job = parser.getValueAsString("");
          case "maxTries" -> maxTries = parser.getValueAsInt(0);
          case "maxExceptions" -> maxExceptions = value.isNumeric() ? parser.getIntValue() : null;
          case "backoff" -> backoff = ints(parser, value);
          case "retryUntil" -> retryUntil = value.isNumeric() ? parser.getLongValue() : null;
          case "data" -> data = TREE.readTree(parser);
          case "pushedAt" -> pushedAt = parser.getValueAsLong(0);
          case "tags" -> tags = strings(parser, value);
          case "exceptions" -> exceptions = parser.getValueAsInt(0);
          default -> parser.skipChildren();
        }
      }
      return new Payload(
          attempts,
          timeout,
          JobId.parse(uuid),
          displayName,
          job,
          maxTries,
          maxExceptions,
          backoff,
          retryUntil,
          data,
          pushedAt,
          tags,
          exceptions);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Not a job payload: " + e.getMessage(), e);
    }
  }

  public RetryPolicy retryPolicy() {
    return new RetryPolicy(
        maxTries,
        backoff,
        maxExceptions,
        retryUntil == null ? null : Instant.ofEpochSecond(retryUntil));
  }

  public Payload withAttempts(int value) {
    return copy(value, exceptions, pushedAt);
  }

  public Payload withExceptions(int value) {
    return copy(attempts, value, pushedAt);
  }

  public Payload pushedAgainAt(long epochMillis) {
    return copy(attempts, exceptions, epochMillis);
  }

  private Payload copy(int attempts, int exceptions, long pushedAt) {
    return new Payload(
        attempts,
        timeout,
        uuid,
        displayName,
        job,
        maxTries,
        maxExceptions,
        backoff,
        retryUntil,
        data,
        pushedAt,
        tags,
        exceptions);
  }

  /** One number, or an array of them; null for anything else. */
  private static List<Integer> ints(JsonParser parser, JsonToken value) {
    if (value.isNumeric()) {
      return List.of(parser.getValueAsInt(0));
    }
    if (value != JsonToken.START_ARRAY) {
      parser.skipChildren();
      return null;
    }
    var values = new ArrayList<Integer>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      values.add(parser.getValueAsInt(0));
      parser.skipChildren();
    }
    return values;
  }

  private static List<String> strings(JsonParser parser, JsonToken value) {
    if (value != JsonToken.START_ARRAY) {
      parser.skipChildren();
      return List.of();
    }
    var values = new ArrayList<String>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      values.add(parser.getValueAsString(""));
      parser.skipChildren();
    }
    return values;
  }
}
