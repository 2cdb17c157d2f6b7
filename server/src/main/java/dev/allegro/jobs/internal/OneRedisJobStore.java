package dev.allegro.jobs.internal;

import dev.allegro.jobs.internal.RedisQueue.Reserved;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The job store on one Redis: each step is one combined script (complete.lua, fail.lua,
 * dispatch.lua, dispatch-later.lua), whose KEYS and ARGV are its parts' in the order its header
 * gives.
 */
final class OneRedisJobStore implements JobStore {

  /** finish.lua's ARGV slot of the payload, which complete.lua also removes from the reserved. */
  private static final int FINISH_PAYLOAD = 7;

  private final ScriptRunner scripts;
  private final RedisQueue queue;
  private final JobKeys keys;

  OneRedisJobStore(ScriptRunner scripts, RedisQueue queue, JobKeys keys) {
    this.scripts = scripts;
    this.queue = queue;
    this.keys = keys;
  }

  @Override
  public Reserved pop(List<String> queues) {
    return queue.popped(queues, (List<?>) scripts.run(queue.pop(queues, true)), 0);
  }

  @Override
  public Settled complete(Reserved job, ScriptCall finish, List<String> next) {
    if (!job.payload().equals(finish.args().get(FINISH_PAYLOAD))) {
      throw new IllegalArgumentException("A completion records the payload as it was reserved");
    }
    var popKeys = queue.popKeys(next);
    var callKeys = new ArrayList<String>(1 + finish.keys().size() + popKeys.size());
    callKeys.add(keys.reserved(job.queue()));
    callKeys.addAll(finish.keys());
    callKeys.addAll(popKeys);
    var args = new ArrayList<String>(finish.args().size() + 5);
    args.addAll(finish.args());
    args.addAll(queue.popArgs(true));
    var answer = (List<?>) scripts.run(new ScriptCall(JobScripts.COMPLETE, callKeys, args));
    return new Settled(flag(answer, 0), flag(answer, 1), queue.popped(next, answer, 2));
  }

  @Override
  public Settled fail(Reserved job, ScriptCall finish) {
    var callKeys = new ArrayList<String>(1 + finish.keys().size());
    callKeys.add(keys.reserved(job.queue()));
    callKeys.addAll(finish.keys());
    var args = new ArrayList<String>(finish.args().size() + 1);
    args.addAll(finish.args());
    args.add(job.payload());
    var answer = (List<?>) scripts.run(new ScriptCall(JobScripts.FAIL, callKeys, args));
    return new Settled(flag(answer, 0), flag(answer, 1), null);
  }

  @Override
  public void dispatch(
      String name, ScriptCall pending, List<String> payloads, Instant availableAt) {
    var callKeys = new ArrayList<String>(pending.keys().size() + 2);
    var args = new ArrayList<String>(pending.args().size() + 1);
    if (availableAt == null) {
      callKeys.add(keys.ready(name));
      callKeys.add(keys.notify(name));
    } else {
      callKeys.add(keys.delayed(name));
      args.add(Long.toString(availableAt.toEpochMilli()));
    }
    callKeys.addAll(pending.keys());
    args.addAll(pending.args());
    scripts.run(
        new ScriptCall(
            availableAt == null ? JobScripts.DISPATCH : JobScripts.DISPATCH_LATER, callKeys, args));
  }

  private static boolean flag(List<?> answer, int at) {
    return Long.valueOf(1).equals(answer.get(at));
  }
}
