package dev.allegro.streams.internal;

import dev.allegro.streams.StreamsProperties;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.stereotype.Component;

/**
 * What the relay writes for the queues: a tenant's events stored once for all its queues, in its
 * slot (store.lua), then each queue's entry naming them (append.lua), each event at most once.
 */
@Component
class StreamAppends {

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

  /** An event to append to a queue: its reference (store.lua), where it is, and its id. */
  record Appended(long reference, Location location, String id) {}

  private final StringRedisTemplate redis;
  private final StreamKeys keys;
  private final RedisScript<List<Object>> store = StreamRedis.list("store");
  private final RedisScript<List<Object>> append = StreamRedis.list("append");
  private final RedisScript<List<Object>> park = StreamRedis.list("park");
  private final String payloadTtl;

  StreamAppends(StringRedisTemplate redis, StreamKeys keys, StreamsProperties properties) {
    this.redis = redis;
    this.keys = keys;
    // a stored event outlives every queue entry naming it: those are trimmed after the retention
    this.payloadTtl =
        Long.toString(properties.retention().plus(QueueStreams.PAYLOAD_MARGIN).toSeconds());
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

  /** What append.lua answers while a rebuild holds the queue (rebuild-hold.lua). */
  private static final long HELD = -2;

  /** What park.lua answers once the rebuild that held the queue is done. */
  private static final long RELEASED = -3;

  /** What park.lua answers while a rebuild of a version before parks holds the queue. */
  private static final long NOT_PARKING = -4;

  /**
   * Appends a tenant's events, by increasing reference, that this queue did not take before, as one
   * stream entry; while a rebuild holds the queue ({@link StreamRebuild}), parks them instead
   * (park.lua), for the rebuild to append after what it restores.
   *
   * @return how many were appended now (none while parked: no consumer can read them yet)
   * @throws IllegalStateException while a rebuild that takes no park holds the queue (a node of an
   *     earlier version runs it): the relay leaves the events in the outbox and retries
   */
  long append(UUID queue, long tenant, List<Appended> events) {
    List<Appended> rest = events;
    boolean held = false;
    while (!rest.isEmpty()) {
      List<?> reply =
          held
              ? redis.execute(park, parkKeys(queue), parkArgs(tenant, rest))
              : redis.execute(append, appendKeys(queue), appendArgs(tenant, rest));
      long added = StreamRedis.number(reply.get(0));
      if (added >= 0) {
        return held ? 0 : added;
      }
      if (added == NOT_PARKING) {
        throw new IllegalStateException(
            "Subscription queue " + queue + " is being rebuilt; its events wait in the outbox");
      }
      if (added == HELD || added == RELEASED) {
        held = added == HELD;
        continue;
      }
      // a pass that died appended the first of these: send those after what the queue took
      long last = StreamRedis.number(reply.get(1));
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
    if (StreamRedis.nativeCommands(redis) instanceof RedisScriptingAsyncCommands<?, ?> commands) {
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
        replies.add(StreamRedis.settled(future));
      }
    }
    for (int q = 0; q < queues.size(); q++) {
      UUID queue = queues.get(q);
      Object reply = q < replies.size() ? replies.get(q) : null;
      long added =
          reply instanceof List<?> list && !list.isEmpty() && StreamRedis.number(list.get(0)) >= 0
              ? StreamRedis.number(list.get(0))
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

  private List<String> parkKeys(UUID queue) {
    return List.of(keys.meta(queue), keys.park(queue), keys.tombstone(queue));
  }

  private static Object[] parkArgs(long tenant, List<Appended> events) {
    Object[] append = appendArgs(tenant, events);
    Object[] args = Arrays.copyOf(append, append.length + 1);
    args[append.length] = String.join(",", events.stream().map(Appended::id).toList());
    return args;
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

  /** The outbox deleted these rows of the tenant: they are not relayed again. */
  void forget(long tenant, List<Long> seqs) {
    Object[] members = seqs.stream().map(String::valueOf).toArray();
    redis.opsForZSet().remove(keys.tenantRelayed(tenant), members);
    redis.opsForHash().delete(keys.tenantLocations(tenant), members);
  }
}
