package dev.allegro.eventqueue;

import dev.allegro.features.FeatureFlag;

/** The two per-tenant queues consumers drain: tracked events and SDK heartbeats. */
public enum QueueKind {
  EVENTS("events", FeatureFlag.USE_REDIS_EVENTS, "id"),
  HEARTBEATS("heartbeats", FeatureFlag.SDK_HEARTBEAT, "event_id");

  private final String key;
  private final FeatureFlag flag;
  private final String idField;

  QueueKind(String key, FeatureFlag flag, String idField) {
    this.key = key;
    this.flag = flag;
    this.idField = idField;
  }

  /** The queue's name in its Redis key and in the API's response body. */
  public String key() {
    return key;
  }

  /** The feature that switches the queue on for a tenant. */
  public FeatureFlag flag() {
    return flag;
  }

  /** The item field that {@code last_id} is compared with. */
  public String idField() {
    return idField;
  }
}
