package dev.allegro.auth.internal;

import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code last_used_at} without a database write per request: uses are noted in memory and
 * written in one batch every few seconds, and at shutdown.
 */
@Component
public class TokenUsageRecorder {

  private static final Logger log = LoggerFactory.getLogger(TokenUsageRecorder.class);

  private final TokenStore store;
  private final ConcurrentHashMap<Long, Instant> pending = new ConcurrentHashMap<>();

  TokenUsageRecorder(TokenStore store) {
    this.store = store;
  }

  public void used(long tokenId, Instant at) {
    pending.merge(tokenId, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  @PreDestroy
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    Map<Long, Instant> batch = new HashMap<>();
    for (Long id : pending.keySet()) {
      Instant at = pending.remove(id);
      if (at != null) {
        batch.put(id, at);
      }
    }
    try {
      store.recordUse(batch);
    } catch (RuntimeException e) {
      log.warn("Could not record the last use of {} tokens", batch.size(), e);
      batch.forEach(this::used);
    }
  }
}
