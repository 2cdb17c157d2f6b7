package dev.allegro.jobs.internal;

import dev.allegro.jobs.internal.JobsProperties.Supervisor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How many workers each queue gets under a supervisor's {@code balance} setting. */
final class Balancer {

  private Balancer() {}

  /**
   * The queue list of each worker to start: with {@code balance: false} every worker takes all
   * queues in order; otherwise each worker takes one queue.
   */
  static List<List<String>> initial(Supervisor settings) {
    var workers = new ArrayList<List<String>>();
    var queues = settings.queue();
    switch (settings.balance()) {
      case FALSE -> {
        for (int i = 0; i < settings.maxProcesses(); i++) {
          workers.add(queues);
        }
      }
      case SIMPLE -> {
        int total = Math.max(settings.maxProcesses(), queues.size());
        for (int i = 0; i < total; i++) {
          workers.add(List.of(queues.get(i % queues.size())));
        }
      }
      case AUTO -> {
        int perQueue = Math.max(1, settings.minProcesses());
        for (String queue : queues) {
          for (int i = 0; i < perQueue; i++) {
            workers.add(List.of(queue));
          }
        }
      }
    }
    return workers;
  }

  /**
   * {@code balance: auto}: each queue's share of {@code maxProcesses} follows its share of the
   * backlog, never below {@code minProcesses}, and moves by at most {@code balanceMaxShift} per
   * call (the supervisor calls it once per {@code balanceCooldown}).
   */
  static Map<String, Integer> autoTarget(
      Supervisor settings, Map<String, Long> backlog, Map<String, Integer> current) {
    int min = Math.max(1, settings.minProcesses());
    var queues = settings.queue();
    int spare = Math.max(0, settings.maxProcesses() - min * queues.size());
    long total = queues.stream().mapToLong(q -> backlog.getOrDefault(q, 0L)).sum();
    var target = new LinkedHashMap<String, Integer>();
    for (String queue : queues) {
      int desired =
          total == 0
              ? min
              : min + (int) Math.round((double) spare * backlog.getOrDefault(queue, 0L) / total);
      int now = current.getOrDefault(queue, min);
      int shift = Math.max(1, settings.balanceMaxShift());
      target.put(queue, Math.max(now - shift, Math.min(now + shift, desired)));
    }
    return target;
  }
}
