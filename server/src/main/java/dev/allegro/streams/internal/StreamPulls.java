package dev.allegro.streams.internal;

import dev.allegro.streams.StreamsProperties;
import dev.allegro.streams.internal.QueueStreams.Position;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/** A pull: the acknowledgement and the next events of a queue, read as they were stored. */
@Component
class StreamPulls {

  /** What a pull read: the cursor it read from, events lost to retention and the events. */
  sealed interface Read {
    /**
     * @param last the last event read (the cursor when none was): what acknowledging this read
     *     moves the cursor to, also past an entry whose payload was gone to retention
     * @param lost whether the read stopped before an event whose payload Redis lost (its entry is
     *     younger than a day and than the retention, less than any payload is kept): the queue is
     *     to be rebuilt before its consumer may acknowledge past it
     */
    record Events(
        Position cursor,
        long version,
        Position last,
        long expiredSkipped,
        List<Entry> entries,
        boolean lost)
        implements Read {}

    /** The acknowledgement does not fit the cursor; nothing changed. */
    record Conflict() implements Read {}

    /** The queue was deleted (by another node, which this one has not heard of yet). */
    record Gone() implements Read {}
  }

  record Entry(Position position, StreamEvent event) {}

  private final StringRedisTemplate redis;
  private final StreamKeys keys;
  private final Clock clock;
  private final Duration surelyKept;
  private final RedisScript<List<Object>> pull = StreamRedis.list("pull");

  StreamPulls(
      StringRedisTemplate redis, StreamKeys keys, Clock clock, StreamsProperties properties) {
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
    // a payload is kept the retention and a day after it was stored, at most a day before its
    // entry was appended (also when the retention changed since): this long it cannot have expired
    var retention = properties.retention();
    this.surelyKept =
        retention.compareTo(QueueStreams.PAYLOAD_MARGIN) < 0
            ? retention
            : QueueStreams.PAYLOAD_MARGIN;
  }

  /**
   * Acknowledges, then reads the next events: the entries in the queue's slot, then the events'
   * JSON in their tenants' slots (one {@code GETRANGE} per blob they are in), copied as stored. An
   * event whose blob is gone (kept a day past the retention, so only when the trim has not run)
   * counts as lost to retention; but one appended less than a day (and the retention) ago was lost
   * by Redis (a failover of its tenant's slot that lost the last writes): the read stops before it.
   * Entries appended before events were stored as answered (their payloads only, or inline) are
   * still read, their answers written around the payloads.
   *
   * @param ack the acknowledged batch, or null
   */
  Read pull(UUID queue, AckIds.Ack ack, int limit) {
    List<?> reply =
        redis.execute(
            pull,
            List.of(keys.stream(queue), keys.cursor(queue), keys.tombstone(queue)),
            ack == null ? "0" : "1",
            ack == null ? "" : Long.toString(ack.version()),
            ack == null ? "" : ack.to(),
            ack == null ? "" : Long.toString(ack.toN()),
            Integer.toString(limit));
    if (reply != null && !reply.isEmpty() && "gone".equals(reply.getFirst())) {
      return new Read.Gone();
    }
    if (reply == null || reply.isEmpty() || "conflict".equals(reply.getFirst())) {
      return new Read.Conflict();
    }
    var cursor = new Position((String) reply.get(1), Long.parseLong((String) reply.get(2)));
    long version = Long.parseLong((String) reply.get(3));
    long skipped = Long.parseLong((String) reply.get(4));
    var positions = new ArrayList<Position>(limit);
    // per event: its JSON when the entry held it, else null, to be read from its blob
    var json = new ArrayList<byte[]>(limit);
    // per event of an entry in the format before answers were stored (payloads only): its id,
    // tenant, type and created_at, to write its answer's JSON around the payload; else null
    var legacy = new ArrayList<String[]>(limit);
    var blobs = new LinkedHashMap<String, Blob>();
    for (int i = 5; i < reply.size() && positions.size() < limit; ) {
      String entryId = (String) reply.get(i);
      int k = Integer.parseInt((String) reply.get(i + 1));
      var fields = new HashMap<String, String>(k);
      for (int f = 0; f < k; f += 2) {
        fields.put((String) reply.get(i + 2 + f), (String) reply.get(i + 3 + f));
      }
      i += 2 + k;
      long n = Long.parseLong(fields.get("n"));
      if (fields.containsKey("payload")) { // the first format: an entry of one event, inline
        if (n > cursor.n()) {
          byte[] payload = fields.get("payload").getBytes(StandardCharsets.UTF_8);
          positions.add(new Position(entryId, n));
          json.add(
              new JsonBytes(payload.length + 160)
                  .event(
                      fields.get("id"),
                      fields.get("tenant"),
                      fields.get("type"),
                      fields.get("created_at"),
                      payload,
                      0,
                      payload.length)
                  .toArray());
          legacy.add(null);
        }
        continue;
      }
      int c = Integer.parseInt(fields.get("c"));
      long tenantId = Long.parseLong(fields.get("t"));
      boolean answers = fields.containsKey("els");
      List<StreamAppends.Location> where =
          answers ? runs(fields.get("els")) : each(fields.get("locs"));
      String[] ids = answers ? null : fields.get("ids").split(",", -1);
      String[] types = answers ? null : fields.get("types").split(",", -1);
      String[] times = answers ? null : fields.get("times").split(",", -1);
      for (int e = 0; e < c && positions.size() < limit; e++) {
        long number = n - c + 1 + e;
        if (number > cursor.n()) {
          StreamAppends.Location at = where.get(e);
          var blob = blobs.computeIfAbsent(keys.blob(tenantId, at.blob()), key -> new Blob());
          blob.add(positions.size(), at.offset(), at.length());
          positions.add(new Position(entryId, number));
          json.add(null);
          legacy.add(
              answers ? null : new String[] {ids[e], fields.get("tenant"), types[e], times[e]});
        }
      }
    }
    int count = positions.size();
    var events = json.toArray(new byte[0][]);
    // each blob's span the events need, in its tenant's slot: one GETRANGE each, usually one or
    // two, pipelined
    var spans = new ArrayList<Blob>(blobs.values());
    var blobKeys = new ArrayList<>(blobs.keySet());
    var read = new ArrayList<Object>(spans.size());
    if (spans.size() > 1
        && StreamRedis.nativeCommands(redis) instanceof RedisStringAsyncCommands<?, ?> commands) {
      @SuppressWarnings("unchecked")
      var strings = (RedisStringAsyncCommands<byte[], byte[]>) commands;
      var futures = new ArrayList<RedisFuture<byte[]>>(spans.size());
      for (int b = 0; b < spans.size(); b++) {
        futures.add(
            strings.getrange(
                blobKeys.get(b).getBytes(StandardCharsets.UTF_8),
                spans.get(b).from,
                spans.get(b).to - 1));
      }
      for (var future : futures) {
        Object span = StreamRedis.settled(future);
        if (span instanceof RuntimeException e) {
          throw e;
        }
        read.add(span);
      }
    } else {
      for (int b = 0; b < spans.size(); b++) {
        byte[] key = blobKeys.get(b).getBytes(StandardCharsets.UTF_8);
        Blob blob = spans.get(b);
        read.add(
            redis.execute(
                (RedisCallback<byte[]>)
                    c -> c.stringCommands().getRange(key, blob.from, blob.to - 1)));
      }
    }
    for (int b = 0; b < spans.size(); b++) {
      Blob blob = spans.get(b);
      byte[] span = (byte[]) read.get(b);
      for (int k = 0; k < blob.events.size(); k++) {
        int start = blob.offsets.get(k) - blob.from;
        int end = start + blob.lengths.get(k);
        int event = blob.events.get(k);
        if (span == null || end > span.length) {
          continue; // gone with its blob: lost to retention
        }
        String[] f = legacy.get(event);
        events[event] =
            f == null
                ? Arrays.copyOfRange(span, start, end)
                : new JsonBytes(end - start + 160)
                    .event(f[0], f[1], f[2], f[3], span, start, end - start)
                    .toArray();
      }
    }
    long expiredBefore = clock.millis() - surelyKept.toMillis();
    var entries = new ArrayList<Entry>(count);
    boolean lost = false;
    for (int e = 0; e < count; e++) {
      if (events[e] == null) {
        if (appendedAt(positions.get(e)) > expiredBefore) {
          lost = true;
          count = e;
          break;
        }
        skipped++;
        continue;
      }
      entries.add(new Entry(positions.get(e), new StreamEvent(events[e])));
    }
    Position last = count == 0 ? cursor : positions.get(count - 1);
    return new Read.Events(cursor, version, last, skipped, entries, lost);
  }

  /** When the entry was appended, by Redis's clock: the milliseconds of its id. */
  private static long appendedAt(Position position) {
    String id = position.id();
    return Long.parseLong(id.substring(0, id.indexOf('-')));
  }

  /** The events a pull reads from one blob: where each payload is, and the span covering them. */
  private static final class Blob {
    final List<Integer> events = new ArrayList<>();
    final List<Integer> offsets = new ArrayList<>();
    final List<Integer> lengths = new ArrayList<>();
    int from = Integer.MAX_VALUE;
    int to;

    void add(int event, int offset, int length) {
      events.add(event);
      offsets.add(offset);
      lengths.add(length);
      from = Math.min(from, offset);
      to = Math.max(to, offset + length);
    }
  }

  /** An entry's locations as {@link #appendArgs} writes them: runs within blobs. */
  private static List<StreamAppends.Location> runs(String value) {
    var locations = new ArrayList<StreamAppends.Location>();
    for (String run : value.split(";")) {
      int colon = run.indexOf(':');
      int second = run.indexOf(':', colon + 1);
      String blob = run.substring(0, colon);
      int at = Integer.parseInt(run, colon + 1, second, 10);
      for (int from = second + 1; from <= run.length(); ) {
        int comma = run.indexOf(',', from);
        int end = comma < 0 ? run.length() : comma;
        int length = Integer.parseInt(run, from, end, 10);
        locations.add(new StreamAppends.Location(blob, at, length));
        at += length + 1;
        from = end + 1;
      }
    }
    return locations;
  }

  /** An entry's payload locations in the format before events were stored as answered. */
  private static List<StreamAppends.Location> each(String value) {
    var locations = new ArrayList<StreamAppends.Location>();
    for (String location : value.split(",")) {
      int colon = location.indexOf(':');
      int second = location.indexOf(':', colon + 1);
      locations.add(
          new StreamAppends.Location(
              location.substring(0, colon),
              Integer.parseInt(location, colon + 1, second, 10),
              Integer.parseInt(location, second + 1, location.length(), 10)));
    }
    return locations;
  }
}
