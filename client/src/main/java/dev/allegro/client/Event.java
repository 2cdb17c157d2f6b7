package dev.allegro.client;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An interaction to track with {@link Tracker#track(Event)}: immutable, made with {@link
 * #builder(String, String)}. The {@link Tracker} stamps the id and the interaction time when the
 * event is tracked, unless they were set here explicitly (for example when replaying a log).
 */
public final class Event {

  private static final Pattern TYPE = Pattern.compile("[a-z0-9_.:-]{1,64}");

  private final String type;
  private final String sessionId;
  private final Map<String, Object> fields;
  private final Map<String, Object> data;
  private final UUID id;
  private final Instant createdAt;

  private Event(Builder builder) {
    this.type = builder.type;
    this.sessionId = builder.sessionId;
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(builder.fields));
    this.data =
        builder.data == null
            ? null
            : Collections.unmodifiableMap(new LinkedHashMap<>(builder.data));
    this.id = builder.id;
    this.createdAt = builder.createdAt;
  }

  /**
   * Starts an event.
   *
   * @param type the event type, {@code [a-z0-9_.:-]{1,64}}, e.g. {@code add_to_cart}
   * @param sessionId the user's session id
   * @throws IllegalArgumentException when the type does not match or the session id is blank
   */
  public static Builder builder(String type, String sessionId) {
    return new Builder(type, sessionId);
  }

  /** The event type. */
  public String type() {
    return type;
  }

  /** The session id. */
  public String sessionId() {
    return sessionId;
  }

  /** The explicit id, or {@code null} to let the tracker make one. */
  public UUID id() {
    return id;
  }

  /** The explicit interaction time, or {@code null} to take the time of {@code track}. */
  public Instant createdAt() {
    return createdAt;
  }

  /** The optional fields by their JSON name ({@code url}, {@code device_id}, ...). */
  public Map<String, Object> fields() {
    return fields;
  }

  /** The free-form {@code data} object, or {@code null}. */
  public Map<String, Object> data() {
    return data;
  }

  @Override
  public String toString() {
    return "Event[" + type + ", session " + sessionId + ", " + fields + "]";
  }

  /** Builds an {@link Event}; every optional field left unset is omitted from the JSON. */
  public static final class Builder {

    private final String type;
    private final String sessionId;
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private Map<String, Object> data;
    private UUID id;
    private Instant createdAt;

    private Builder(String type, String sessionId) {
      if (type == null || !TYPE.matcher(type).matches()) {
        throw new IllegalArgumentException("type must match [a-z0-9_.:-]{1,64}: " + type);
      }
      if (sessionId == null || sessionId.isBlank()) {
        throw new IllegalArgumentException("sessionId is required");
      }
      this.type = type;
      this.sessionId = sessionId;
    }

    private Builder put(String name, Object value) {
      if (value == null) {
        fields.remove(name);
      } else {
        fields.put(name, value);
      }
      return this;
    }

    /** The device id. */
    public Builder deviceId(String value) {
      return put("device_id", value);
    }

    /** The audience member id. */
    public Builder audienceMemberId(String value) {
      return put("audience_member_id", value);
    }

    /** The page URL, http or https, at most 2048 characters. */
    public Builder url(String value) {
      return put("url", value);
    }

    /** The referrer URL. */
    public Builder referer(String value) {
      return put("referer", value);
    }

    /** The page title. */
    public Builder pageTitle(String value) {
      return put("page_title", value);
    }

    /** The content type, e.g. {@code article}. */
    public Builder contentType(String value) {
      return put("content_type", value);
    }

    /** The content id. */
    public Builder contentId(String value) {
      return put("content_id", value);
    }

    /** The publisher. */
    public Builder publisher(String value) {
      return put("publisher", value);
    }

    /** The object type, e.g. {@code book}. */
    public Builder objectType(String value) {
      return put("object_type", value);
    }

    /** The object id, e.g. the book's id. */
    public Builder objectId(String value) {
      return put("object_id", value);
    }

    /** The context. */
    public Builder context(String value) {
      return put("context", value);
    }

    /** The client's sequence number, from 0 to 2147483647 (the server's range). */
    public Builder eventSequence(long value) {
      if (value < 0 || value > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "eventSequence must be between 0 and " + Integer.MAX_VALUE + ": " + value);
      }
      return put("event_sequence", value);
    }

    /** Your user's IP address (the server would otherwise record yours). */
    public Builder ipAddress(String value) {
      return put("ip_address", value);
    }

    /** Your user's user agent (the server would otherwise record the tracker's). */
    public Builder userAgent(String value) {
      return put("user_agent", value);
    }

    /** Free-form data, serialized with Jackson; at most 8 KB as JSON. */
    public Builder data(Map<String, ?> value) {
      this.data = value == null ? null : new LinkedHashMap<>(value);
      return this;
    }

    /**
     * An explicit id for de-duplication, e.g. one you also stored; by default the tracker makes a
     * random UUID at {@code track} time.
     */
    public Builder id(UUID value) {
      this.id = value;
      return this;
    }

    /**
     * An explicit interaction time; by default the tracker takes its clock's time at {@code track}.
     */
    public Builder createdAt(Instant value) {
      this.createdAt = value;
      return this;
    }

    /** The event. */
    public Event build() {
      return new Event(this);
    }
  }

  static Map<String, Object> json(Event event, UUID id, Instant createdAt) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id.toString());
    json.put("type", event.type);
    json.put("session_id", event.sessionId);
    json.putAll(event.fields);
    if (event.data != null) {
      json.put("data", event.data);
    }
    json.put("created_at", createdAt.toString());
    return json;
  }
}
