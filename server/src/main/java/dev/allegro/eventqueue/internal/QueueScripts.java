package dev.allegro.eventqueue.internal;

import dev.allegro.outbox.OutboxRow;
import dev.allegro.outbox.RetainingTarget.Marks;
import dev.allegro.system.LuaScripts;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/** The queue's Lua scripts, loaded once and run by SHA. */
@Component
class QueueScripts {

  private final RedisScript<Long> push = script("push");
  private final RedisScript<Long> removeFirst = script("remove-first");
  private final RedisScript<Long> reset = script("reset");

  private static RedisScript<Long> script(String name) {
    return LuaScripts.load("redis/eventqueue/" + name + ".lua", Long.class);
  }

  /**
   * @param keys the queue, its relayed set and its mark
   * @return how many leading rows are on the queue now, or -1 when its mark is below {@code
   *     marks.expected()} and nothing was pushed
   */
  int push(QueueRedis redis, List<String> keys, long cap, Marks marks, List<OutboxRow> rows) {
    var args = new ArrayList<Object>(4 + rows.size() * 2);
    args.add(Long.toString(cap));
    args.add(Integer.toString(rows.size()));
    args.add(Long.toString(marks.expected()));
    args.add(Long.toString(marks.next()));
    rows.forEach(r -> args.add(Long.toString(r.seq())));
    rows.forEach(r -> args.add(r.json()));
    Long handled = redis.template().execute(push, keys, args.toArray());
    return handled == null ? 0 : handled.intValue();
  }

  /**
   * @param keys the queue, its relayed set and its mark
   */
  void reset(QueueRedis redis, List<String> keys, long mark) {
    redis.template().execute(reset, keys, Long.toString(mark));
  }

  /**
   * @return how many items were removed, or -1 when the count-th item does not carry {@code lastId}
   *     and nothing was
   */
  long removeFirst(QueueRedis redis, String queue, long count, String lastId, String idField) {
    Long removed =
        redis
            .template()
            .execute(
                removeFirst,
                List.of(queue),
                Long.toString(count),
                lastId == null ? "" : lastId,
                idField);
    return removed == null ? -1 : removed;
  }
}
