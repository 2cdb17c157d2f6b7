package dev.allegro.tracking.internal;

import dev.allegro.system.web.RateLimits;
import dev.allegro.tracking.TrackingProperties;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * {@code SDK_RATE_LIMIT_PER_MINUTE} requests per client address per minute on the public SDK
 * endpoints, counted across nodes ({@link RateLimits}).
 */
@Component
class SdkRateLimiter {

  private final RateLimits limits;
  private final int limit;

  SdkRateLimiter(RateLimits limits, TrackingProperties tracking) {
    this.limits = limits;
    this.limit = tracking.sdkRateLimitPerMinute();
  }

  /**
   * @throws RateLimits.RateLimited when the address is over its limit
   */
  void check(String clientAddress) {
    limits.hit("sdk", clientAddress, limit, Duration.ofMinutes(1));
  }
}
