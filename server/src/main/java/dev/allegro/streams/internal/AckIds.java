package dev.allegro.streams.internal;

import dev.allegro.streams.StreamsProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The opaque {@code ack_id} a pull answers with: the queue, the cursor's move count ({@code v}) the
 * batch was read at and its last event, signed (HMAC-SHA256) so that a client cannot forge a
 * position. Every node signs with the same key: the setting's, else one generated once and kept in
 * PostgreSQL (a Redis that loses its data must not leave nodes with different keys).
 */
@Component
class AckIds {

  private static final Pattern ID = Pattern.compile("\\d{1,20}-\\d{1,20}");
  private static final Pattern COUNT = Pattern.compile("\\d{1,18}");
  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

  /**
   * An acknowledged batch: read when the cursor had moved {@code version} times, its last event
   * number {@code toN} in the entry {@code to}.
   */
  record Ack(long version, String to, long toN) {}

  private final JdbcClient jdbc;
  private final StringRedisTemplate redis;
  private final StreamKeys keys;
  private final String configured;
  private volatile byte[] key;

  AckIds(
      JdbcClient jdbc, StringRedisTemplate redis, StreamKeys keys, StreamsProperties properties) {
    this.jdbc = jdbc;
    this.redis = redis;
    this.keys = keys;
    this.configured = properties.ackSecret();
  }

  String sign(UUID queue, Ack ack) {
    String body = ack.version() + ":" + ack.to() + ":" + ack.toN();
    return ENCODE.encodeToString(body.getBytes(StandardCharsets.US_ASCII))
        + "."
        + ENCODE.encodeToString(mac(queue, body));
  }

  /** The batch an {@code ack_id} of this queue names, or empty when it is none (or forged). */
  Optional<Ack> verify(UUID queue, String ackId) {
    int dot = ackId.indexOf('.');
    if (dot < 1 || ackId.length() > 200) {
      return Optional.empty();
    }
    try {
      String body = new String(DECODE.decode(ackId.substring(0, dot)), StandardCharsets.US_ASCII);
      byte[] signature = DECODE.decode(ackId.substring(dot + 1));
      if (!MessageDigest.isEqual(signature, mac(queue, body))) {
        return Optional.empty();
      }
      String[] parts = body.split(":");
      if (parts.length != 3
          || !COUNT.matcher(parts[0]).matches()
          || !ID.matcher(parts[1]).matches()
          || !COUNT.matcher(parts[2]).matches()) {
        return Optional.empty();
      }
      return Optional.of(new Ack(Long.parseLong(parts[0]), parts[1], Long.parseLong(parts[2])));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(UUID queue, String body) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(), "HmacSHA256"));
      return Arrays.copyOf(
          mac.doFinal((queue + ":" + body).getBytes(StandardCharsets.US_ASCII)), 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private byte[] key() {
    byte[] current = key;
    if (current != null) {
      return current;
    }
    if (!configured.isEmpty()) {
      current = configured.getBytes(StandardCharsets.UTF_8);
    } else {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      String earlier = redis.opsForValue().get(keys.legacyAckKey());
      jdbc.sql("INSERT INTO subscription_ack_key (key) VALUES (:key) ON CONFLICT DO NOTHING")
          .param("key", earlier != null ? earlier : ENCODE.encodeToString(fresh))
          .update();
      current =
          DECODE.decode(
              jdbc.sql("SELECT key FROM subscription_ack_key").query(String.class).single());
    }
    key = current;
    return current;
  }
}
