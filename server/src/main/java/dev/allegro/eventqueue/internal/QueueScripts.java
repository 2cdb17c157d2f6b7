package dev.allegro.eventqueue.internal;

import dev.allegro.outbox.OutboxRow;
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

  private static RedisScript<Long> script(String name) {
    return LuaScripts.load("redis/eventqueue/" + name + ".lua", Long.class);
  }

  /**
   * @return how many leading rows are on the queue now
   */
  int push(QueueRedis redis, String queue, String relayed, long cap, List<OutboxRow> rows) {
    var args = new ArrayList<Object>(2 + rows.size() * 2);
    args.add(Long.toString(cap));
    args.add(Integer.toString(rows.size()));
    rows.forEach(r -> args.add(Long.toString(r.seq())));
    rows.forEach(r -> args.add(r.json()));
    Long handled = redis.template().execute(push, List.of(queue, relayed), args.toArray());
    return handled == null ? 0 : handled.intValue();
  }

  boolean removeFirst(QueueRedis redis, String queue, long count, String lastId, String idField) {
    Long removed =
        redis
            .template()
            .execute(
                removeFirst,
                List.of(queue),
                Long.toString(count),
                lastId == null ? "" : lastId,
                idField);
    return removed != null && removed == 1;
  }
}
