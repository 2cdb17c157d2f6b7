package dev.allegro.system.web;

import dev.allegro.system.AllegroProperties;
import dev.allegro.system.LuaScripts;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Fixed-window request limits counted in Redis, so that every node shares each count. While Redis
 * is down a limit is not enforced: what it protects matters more than the limit.
 */
@Component
public class RateLimits {

  private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final RedisScript<List<Long>> COUNT =
      (RedisScript) LuaScripts.load("redis/system/rate-limit.lua", List.class);

  private final StringRedisTemplate redis;
  private final Clock clock;
  private final String prefix;

  RateLimits(StringRedisTemplate redis, Clock clock, AllegroProperties properties) {
    this.redis = redis;
    this.clock = clock;
    this.prefix = properties.redisPrefix() + "rate:";
  }

  /**
   * Counts one request against {@code limit} per {@code window} for {@code subject} within {@code
   * scope} (e.g. scope {@code sdk}, subject a client address).
   *
   * @throws RateLimited when the subject is over its limit in this window
   */
  public void hit(String scope, String subject, int limit, Duration window) {
    if (limit <= 0) {
      return;
    }
    long windowMillis = window.toMillis();
    long start = clock.millis() / windowMillis;
    List<Long> result;
    try {
      result =
          redis.execute(
              COUNT,
              List.of(prefix + scope + ":{" + subject + "}:" + start),
              Long.toString(windowMillis));
    } catch (RuntimeException e) {
      log.debug("Rate limit {} not checked: {}", scope, e.toString());
      return;
    }
    if (result != null && result.getFirst() > limit) {
      throw new RateLimited(Math.max(1, (result.get(1) + 999) / 1000));
    }
  }

  /** 429 with {@code Retry-After}, as Laravel's throttle answers. */
  public static final class RateLimited extends ApiException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    RateLimited(long retryAfterSeconds) {
      super(HttpStatus.TOO_MANY_REQUESTS, "Too Many Attempts.");
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }

    @Override
    public HttpHeaders headers() {
      var headers = new HttpHeaders();
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
      return headers;
    }
  }
}
