package dev.allegro.streams.internal;

import dev.allegro.streams.StreamsProperties;
import dev.allegro.system.LuaScripts;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.stereotype.Component;

/** The queues' Redis Streams: one per queue, appended by the relay, read with a cursor. */
@Component
class QueueStreams {

  /**
   * An outbox row's events to store for the queues.
   *
   * @param events how many events the row holds
   * @param text the answers' JSON ({@link JsonBytes#event}) of those of its events a queue takes,
   *     joined by ','
   * @param layout which events those are and how long each one's JSON is: {@code index:length,...},
   *     by index
   */
  record Stored(long seq, int events, byte[] text, String layout) {}

  /** Where a stored event is: its blob (in its tenant's slot), offset and length in bytes. */
  record Location(String blob, int offset, int length) {}

  /** An event to append to a queue: its reference (store.lua) and where it is. */
  record Appended(long reference, Location location) {}

  /** What a pull read: the cursor it read from, events lost to retention and the events. */
  sealed interface Read {
    /**
     * @param last the last event read (the cursor when none was): what acknowledging this read
     *     moves the cursor to, also past an entry whose payload was gone
     */
    record Events(
        Position cursor, long version, Position last, long expiredSkipped, List<Entry> entries)
        implements Read {}

    /** The acknowledgement does not fit the cursor; nothing changed. */
    record Conflict() implements Read {}
  }

  /** A stream position: an entry's id and its number in the queue (1, 2, ...). */
  record Position(String id, long n) {}

  record Entry(Position position, StreamEvent event) {}

  record Depth(long unacknowledged, Instant oldestAppendedAt) {}

  /** How much longer than the retention a stored payload is kept. */
  static final Duration PAYLOAD_MARGIN = Duration.ofDays(1);

  /** How long a deleted queue's tombstone stops appends: far beyond a route's life (5 s). */
  static final Duration TOMBSTONE = Duration.ofDays(1);

  private final StringRedisTemplate redis;
  private final StreamKeys keys;
  private final RedisScript<List<Object>> store = list("store");
  private final RedisScript<List<Object>> append = list("append");
  private final RedisScript<Long> delete = script("delete", Long.class);
  private final RedisScript<List<Object>> pull = list("pull");
  private final RedisScript<List<Object>> seek = list("seek");
  private final RedisScript<List<Object>> depth = list("depth");
  private final RedisScript<Long> trim = script("trim", Long.class);

  private final String payloadTtl;

  QueueStreams(StringRedisTemplate redis, StreamKeys keys, StreamsProperties properties) {
    this.redis = redis;
    this.keys = keys;
    // a payload outlives every queue entry naming it: those are trimmed after the retention
    this.payloadTtl = Long.toString(properties.retention().plus(PAYLOAD_MARGIN).toSeconds());
  }

  private static <T> RedisScript<T> script(String name, Class<T> type) {
    return LuaScripts.load("redis/streams/" + name + ".lua", type);
  }

  @SuppressWarnings("unchecked")
  private static RedisScript<List<Object>> list(String name) {
    return script(name, (Class<List<Object>>) (Class<?>) List.class);
  }

  /**
   * Where a stored row is: the reference of its first event (store.lua; its others follow, one
   * apart), the blob and offset its text starts at, and its layout, as first stored.
   */
  record Placed(long reference, String blob, int offset, String layout) {
    /** Where each stored event is, by its index in the row. */
    Map<Integer, Location> locations() {
      var locations = new HashMap<Integer, Location>();
      int at = offset;
      for (String event : layout.split(",")) {
        int colon = event.indexOf(':');
        int length = Integer.parseInt(event, colon + 1, event.length(), 10);
        locations.put(Integer.parseInt(event, 0, colon, 10), new Location(blob, at, length));
        at += length + 1;
      }
      return locations;
    }
  }

  /** Strings and byte arrays as they are (UTF-8 for strings), for a script's keys and values. */
  private static final RedisSerializer<Object> ARGUMENTS =
      new RedisSerializer<>() {
        @Override
        public byte[] serialize(Object value) {
          return value instanceof byte[] bytes
              ? bytes
              : value.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Object deserialize(byte[] bytes) {
          return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }
      };

  @SuppressWarnings("unchecked")
  private static final RedisSerializer<List<Object>> STRINGS =
      (RedisSerializer<List<Object>>) (RedisSerializer<?>) RedisSerializer.string();

  /**
   * Stores a tenant's rows once for all its queues, those not stored before in one blob.
   *
   * @return each row's first reference and place, in the order given: references increase in the
   *     order rows were first stored, and a row stored before keeps both
   */
  List<Placed> store(long tenant, List<Stored> rows) {
    String blob = rows.getFirst().seq() + "." + Long.toString(System.nanoTime() & Long.MAX_VALUE);
    var keyList =
        List.of(
            keys.tenantRelayed(tenant),
            keys.tenantLocations(tenant),
            keys.tenantReference(tenant),
            keys.blob(tenant, blob));
    var args = new Object[2 + rows.size() * 4];
    args[0] = payloadTtl;
    args[1] = blob;
    for (int i = 0; i < rows.size(); i++) {
      Stored row = rows.get(i);
      args[2 + 4 * i] = Long.toString(row.seq());
      args[3 + 4 * i] = Integer.toString(row.events());
      args[4 + 4 * i] = row.text();
      args[5 + 4 * i] = row.layout();
    }
    List<Object> reply = redis.execute(store, ARGUMENTS, STRINGS, keyList, args);
    var placed = new ArrayList<Placed>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      String location = (String) reply.get(2 * i + 1); // blob:offset|layout
      int colon = location.indexOf(':');
      int bar = location.indexOf('|');
      placed.add(
          new Placed(
              Long.parseLong((String) reply.get(2 * i)),
              location.substring(0, colon),
              Integer.parseInt(location, colon + 1, bar, 10),
              location.substring(bar + 1)));
    }
    return placed;
  }

  /**
   * Appends a tenant's events, by increasing reference, that this queue did not take before, as one
   * stream entry.
   *
   * @return how many were appended now
   */
  long append(UUID queue, long tenant, List<Appended> events) {
    List<Appended> rest = events;
    while (!rest.isEmpty()) {
      List<?> reply = redis.execute(append, appendKeys(queue), appendArgs(tenant, rest));
      long added = number(reply.get(0));
      if (added >= 0) {
        return added;
      }
      // a pass that died appended the first of these: send those after what the queue took
      long last = number(reply.get(1));
      rest = rest.stream().filter(e -> e.reference() > last).toList();
    }
    return 0;
  }

  /**
   * Appends a tenant's events to several queues, as {@link #append} does for each, the queues'
   * scripts sent in one pipeline (after the first, which loads the script into a Redis that lost
   * it); a queue whose answer is not a plain one (some events taken before, an error) is appended
   * to alone.
   *
   * @return the queues that took any event now
   */
  Set<UUID> appendAll(long tenant, Map<UUID, List<Appended>> byQueue) {
    var took = new LinkedHashSet<UUID>();
    var queues = new ArrayList<>(byQueue.keySet());
    if (queues.isEmpty()) {
      return took;
    }
    UUID first = queues.removeFirst();
    if (append(first, tenant, byQueue.get(first)) > 0) {
      took.add(first);
    }
    if (queues.isEmpty()) {
      return took;
    }
    var packed = new HashMap<List<Appended>, byte[][]>();
    var requests = new ArrayList<byte[][]>(queues.size());
    for (UUID queue : queues) {
      byte[][] args =
          packed.computeIfAbsent(
              byQueue.get(queue),
              events -> {
                Object[] strings = appendArgs(tenant, events);
                var bytes = new byte[strings.length][];
                for (int a = 0; a < strings.length; a++) {
                  bytes[a] = ((String) strings[a]).getBytes(StandardCharsets.UTF_8);
                }
                return bytes;
              });
      var keysAndArgs = new byte[3 + args.length][];
      var keyList = appendKeys(queue);
      for (int k = 0; k < 3; k++) {
        keysAndArgs[k] = keyList.get(k).getBytes(StandardCharsets.UTF_8);
      }
      System.arraycopy(args, 0, keysAndArgs, 3, args.length);
      requests.add(keysAndArgs);
    }
    var replies = new ArrayList<Object>(requests.size());
    if (nativeCommands() instanceof RedisScriptingAsyncCommands<?, ?> commands) {
      @SuppressWarnings("unchecked")
      var scripting = (RedisScriptingAsyncCommands<byte[], byte[]>) commands;
      var futures = new ArrayList<RedisFuture<List<Object>>>(requests.size());
      for (byte[][] keysAndArgs : requests) {
        futures.add(
            scripting.evalsha(
                append.getSha1(),
                ScriptOutputType.MULTI,
                Arrays.copyOf(keysAndArgs, 3),
                Arrays.copyOfRange(keysAndArgs, 3, keysAndArgs.length)));
      }
      for (var future : futures) {
        replies.add(settled(future));
      }
    }
    for (int q = 0; q < queues.size(); q++) {
      UUID queue = queues.get(q);
      Object reply = q < replies.size() ? replies.get(q) : null;
      long added =
          reply instanceof List<?> list && !list.isEmpty() && number(list.get(0)) >= 0
              ? number(list.get(0))
              : append(queue, tenant, byQueue.get(queue));
      if (added > 0) {
        took.add(queue);
      }
    }
    return took;
  }

  private List<String> appendKeys(UUID queue) {
    return List.of(keys.stream(queue), keys.meta(queue), keys.tombstone(queue));
  }

  /**
   * The events' locations as append.lua stores them: runs of events that follow each other in one
   * blob (joined by ','), {@code blob:offset:length,length,...}, the runs joined by ';'.
   */
  private static Object[] appendArgs(long tenant, List<Appended> events) {
    var locations = new StringBuilder(events.size() * 6 + 64);
    Location previous = null;
    for (Appended e : events) {
      Location at = e.location();
      if (previous != null
          && at.blob().equals(previous.blob())
          && at.offset() == previous.offset() + previous.length() + 1) {
        locations.append(',').append(at.length());
      } else {
        if (previous != null) {
          locations.append(';');
        }
        locations.append(at.blob()).append(':').append(at.offset()).append(':');
        locations.append(at.length());
      }
      previous = at;
    }
    return new Object[] {
      Long.toString(tenant),
      Integer.toString(events.size()),
      Long.toString(events.getFirst().reference()),
      Long.toString(events.getLast().reference()),
      locations.toString()
    };
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
  private static List<Location> runs(String value) {
    var locations = new ArrayList<Location>();
    for (String run : value.split(";")) {
      int colon = run.indexOf(':');
      int second = run.indexOf(':', colon + 1);
      String blob = run.substring(0, colon);
      int at = Integer.parseInt(run, colon + 1, second, 10);
      for (int from = second + 1; from <= run.length(); ) {
        int comma = run.indexOf(',', from);
        int end = comma < 0 ? run.length() : comma;
        int length = Integer.parseInt(run, from, end, 10);
        locations.add(new Location(blob, at, length));
        at += length + 1;
        from = end + 1;
      }
    }
    return locations;
  }

  /** An entry's payload locations in the format before events were stored as answered. */
  private static List<Location> each(String value) {
    var locations = new ArrayList<Location>();
    for (String location : value.split(",")) {
      int colon = location.indexOf(':');
      int second = location.indexOf(':', colon + 1);
      locations.add(
          new Location(
              location.substring(0, colon),
              Integer.parseInt(location, colon + 1, second, 10),
              Integer.parseInt(location, second + 1, location.length(), 10)));
    }
    return locations;
  }

  private static long number(Object value) {
    return switch (value) {
      case Long l -> l;
      case byte[] bytes -> Long.parseLong(new String(bytes, StandardCharsets.US_ASCII));
      default -> Long.parseLong(value.toString());
    };
  }

  /**
   * The shared Lettuce connection's asynchronous commands: commands sent on it one after the other
   * without waiting go out as one pipeline, on the connection every other command uses (Spring's
   * {@code executePipelined} would open a connection of its own each time).
   */
  private Object nativeCommands() {
    return redis.execute((RedisCallback<Object>) RedisConnection::getNativeConnection);
  }

  /** The future's value, or the exception it failed with (the caller falls back or rethrows). */
  private static Object settled(RedisFuture<?> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new IllegalStateException("interrupted waiting for Redis", e);
    } catch (ExecutionException | TimeoutException e) {
      return new IllegalStateException("Redis failed", e);
    }
  }

  /**
   * Acknowledges, then reads the next events: the entries in the queue's slot, then the events'
   * JSON in their tenants' slots (one {@code GETRANGE} per blob they are in), copied as stored. An
   * event whose blob is gone (kept a day past the retention, so only when the trim has not run)
   * counts as lost to retention. Entries appended before events were stored as answered (their
   * payloads only, or inline) are still read, their answers written around the payloads.
   *
   * @param ack the acknowledged batch, or null
   */
  Read pull(UUID queue, AckIds.Ack ack, int limit) {
    List<?> reply =
        redis.execute(
            pull,
            List.of(keys.stream(queue), keys.cursor(queue)),
            ack == null ? "0" : "1",
            ack == null ? "" : Long.toString(ack.version()),
            ack == null ? "" : ack.to(),
            ack == null ? "" : Long.toString(ack.toN()),
            Integer.toString(limit));
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
      List<Location> where = answers ? runs(fields.get("els")) : each(fields.get("locs"));
      String[] ids = answers ? null : fields.get("ids").split(",", -1);
      String[] types = answers ? null : fields.get("types").split(",", -1);
      String[] times = answers ? null : fields.get("times").split(",", -1);
      for (int e = 0; e < c && positions.size() < limit; e++) {
        long number = n - c + 1 + e;
        if (number > cursor.n()) {
          Location at = where.get(e);
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
    if (spans.size() > 1 && nativeCommands() instanceof RedisStringAsyncCommands<?, ?> commands) {
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
        Object span = settled(future);
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
    var entries = new ArrayList<Entry>(count);
    for (int e = 0; e < count; e++) {
      if (events[e] == null) {
        skipped++;
        continue;
      }
      entries.add(new Entry(positions.get(e), new StreamEvent(events[e])));
    }
    Position last = count == 0 ? cursor : positions.get(count - 1);
    return new Read.Events(cursor, version, last, skipped, entries);
  }

  Position seek(UUID queue, Instant to) {
    long ms = Math.max(1, to.toEpochMilli());
    List<?> reply =
        redis.execute(seek, List.of(keys.stream(queue), keys.cursor(queue)), Long.toString(ms));
    return new Position((String) reply.get(0), Long.parseLong((String) reply.get(1)));
  }

  Depth depth(UUID queue) {
    List<?> reply = redis.execute(depth, List.of(keys.stream(queue), keys.cursor(queue)));
    String oldest = (String) reply.get(1);
    return new Depth(
        Long.parseLong((String) reply.get(0)),
        oldest.isEmpty()
            ? null
            : Instant.ofEpochMilli(Long.parseLong(oldest.substring(0, oldest.indexOf('-')))));
  }

  /**
   * @return how many events were dropped
   */
  long trim(UUID queue, Instant before) {
    Long dropped =
        redis.execute(trim, List.of(keys.stream(queue)), Long.toString(before.toEpochMilli()));
    return dropped == null ? 0 : dropped;
  }

  /** The outbox deleted these rows of the tenant: they are not relayed again. */
  void forget(long tenant, List<Long> seqs) {
    Object[] members = seqs.stream().map(String::valueOf).toArray();
    redis.opsForZSet().remove(keys.tenantRelayed(tenant), members);
    redis.opsForHash().delete(keys.tenantLocations(tenant), members);
  }

  /** Deletes the queue's keys and leaves its tombstone (delete.lua). */
  void delete(UUID queue) {
    var all = new ArrayList<>(keys.all(queue));
    all.add(keys.tombstone(queue));
    redis.execute(delete, all, Long.toString(TOMBSTONE.toSeconds()));
  }
}
