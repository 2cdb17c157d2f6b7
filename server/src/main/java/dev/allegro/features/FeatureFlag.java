package dev.allegro.features;

import java.util.Arrays;
import java.util.Optional;

/** The per-tenant features, by their Pennant names, each with its default. */
public enum FeatureFlag {
  /** Fan tracked events out to the tenant's Redis event queue. */
  USE_REDIS_EVENTS("UseRedisEvents", false),
  /** Accept the SDK's heartbeats and fill the tenant's heartbeat queue. */
  SDK_HEARTBEAT("SdkHeartbeat", false);

  private final String featureName;
  private final boolean defaultValue;

  FeatureFlag(String featureName, boolean defaultValue) {
    this.featureName = featureName;
    this.defaultValue = defaultValue;
  }

  public String featureName() {
    return featureName;
  }

  public boolean defaultValue() {
    return defaultValue;
  }

  public static Optional<FeatureFlag> named(String name) {
    return Arrays.stream(values()).filter(f -> f.featureName.equals(name)).findFirst();
  }
}
