package dev.allegro.tracking.internal;

import dev.allegro.system.AllegroProperties;
import dev.allegro.system.LuaScripts;
import dev.allegro.system.web.ApiException;
import dev.allegro.tracking.TrackingProperties;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code SDK_RATE_LIMIT_PER_MINUTE} requests per client address per minute on the public SDK
 * endpoints, counted in Redis so that every node shares the count. While Redis is down the limit is
 * not enforced: ingestion matters more than the limit.
 */
@Component
class SdkRateLimiter {

  private static final Logger log = LoggerFactory.getLogger(SdkRateLimiter.class);
  private static final long WINDOW_MILLIS = 60_000;

  private final StringRedisTemplate redis;
  private final Clock clock;
  private final int limit;
  private final String prefix;
  private final RedisScript<List<Long>> count;

  @SuppressWarnings({"unchecked", "rawtypes"})
  SdkRateLimiter(
      StringRedisTemplate redis,
      Clock clock,
      TrackingProperties tracking,
      AllegroProperties properties) {
    this.redis = redis;
    this.clock = clock;
    this.limit = tracking.sdkRateLimitPerMinute();
    this.prefix = properties.redisPrefix() + "sdk-rate:";
    this.count = (RedisScript) LuaScripts.load("redis/tracking/rate_limit.lua", List.class);
  }

  /**
   * @throws RateLimited when the address is over its limit
   */
  void check(String clientAddress) {
    if (limit <= 0) {
      return;
    }
    long window = clock.millis() / WINDOW_MILLIS;
    List<Long> result;
    try {
      result =
          redis.execute(
              count,
              List.of(prefix + "{" + clientAddress + "}:" + window),
              Long.toString(WINDOW_MILLIS));
    } catch (RuntimeException e) {
      log.debug("Rate limit not checked: {}", e.toString());
      return;
    }
    if (result != null && result.getFirst() > limit) {
      long retryAfter = Math.max(1, (result.get(1) + 999) / 1000);
      throw new RateLimited(retryAfter);
    }
  }

  /** 429 with {@code Retry-After}, as Laravel's throttle answers. */
  static final class RateLimited extends ApiException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    RateLimited(long retryAfterSeconds) {
      super(HttpStatus.TOO_MANY_REQUESTS, "Too Many Attempts.");
      this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public HttpHeaders headers() {
      var headers = new HttpHeaders();
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
      return headers;
    }
  }
}
