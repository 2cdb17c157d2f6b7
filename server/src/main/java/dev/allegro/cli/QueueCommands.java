package dev.allegro.cli;

import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.JobMonitor;
import dev.allegro.jobs.JobRecord;
import dev.allegro.jobs.JobStatus;
import dev.allegro.jobs.Jobs;
import dev.allegro.system.Durations;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Dispatching jobs and looking at queues. */
final class QueueCommands {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private QueueCommands() {}

  @Command(name = "queue:dispatch", description = "Dispatch jobs by type; prints their uuids.")
  static final class DispatchJobs implements Callable<Integer> {
    @ParentCommand private AllegroCommand root;
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TYPE", description = "e.g. diagnostics.noop")
    private String type;

    @Option(
        names = "--queue",
        defaultValue = "default",
        paramLabel = "NAME",
        description = "One of the supervisor's queues (default: default).")
    private String queue;

    @Option(
        names = "--data",
        defaultValue = "{}",
        paramLabel = "JSON",
        description = "The job's data (default: {}).")
    private String data;

    @Option(
        names = "--count",
        defaultValue = "1",
        paramLabel = "N",
        description = "How many jobs, each with this data (default: 1).")
    private int count;

    @Option(
        names = "--delay",
        paramLabel = "DURATION",
        description = "Ready only after this long: 90s, 15m, 12h, PT1H.")
    private String delay;

    @Override
    public Integer call() {
      if (count < 1) {
        throw new IllegalArgumentException("--count must be at least 1");
      }
      var options = Dispatch.defaults().onQueue(queue);
      var configured = root.bean(JobMonitor.class).queues();
      if (!configured.contains(queue)) {
        // no supervisor takes jobs from it: they would wait there unseen
        throw new ParameterException(
            spec.commandLine(),
            "Unknown queue '"
                + queue
                + "': the supervisor's queues are "
                + String.join(", ", configured));
      }
      if (delay != null) {
        options = options.delay(Durations.parse(delay));
      }
      tools.jackson.databind.JsonNode json;
      try {
        json = JSON.readTree(data);
      } catch (JacksonException e) {
        throw new IllegalArgumentException("--data is not JSON: " + e.getOriginalMessage());
      }
      var out = spec.commandLine().getOut();
      root.bean(Jobs.class).dispatch(type, json, count, options).forEach(out::println);
      return 0;
    }
  }

  @Command(name = "queue:monitor", description = "Ready, delayed and reserved jobs per queue.")
  static final class Monitor implements Callable<Integer> {
    @ParentCommand private AllegroCommand root;
    @Spec private CommandSpec spec;

    @Option(names = "--json", description = "A JSON array instead of a table.")
    private boolean json;

    @Override
    public Integer call() {
      var sizes = root.bean(JobMonitor.class).sizes();
      var out = spec.commandLine().getOut();
      if (json) {
        var rows =
            sizes.stream()
                .map(
                    s -> {
                      var row = new LinkedHashMap<String, Object>();
                      row.put("queue", s.queue());
                      row.put("ready", s.ready());
                      row.put("delayed", s.delayed());
                      row.put("reserved", s.reserved());
                      row.put("oldest_ready_age_seconds", s.oldestReadyAge().toSeconds());
                      return row;
                    })
                .toList();
        out.println(JSON.writeValueAsString(rows));
        return 0;
      }
      var table = new Table("QUEUE", "READY", "DELAYED", "RESERVED", "OLDEST");
      for (var s : sizes) {
        table.row(
            s.queue(),
            Long.toString(s.ready()),
            Long.toString(s.delayed()),
            Long.toString(s.reserved()),
            s.oldestReadyAge().toSeconds() + "s");
      }
      table.print(out);
      return 0;
    }
  }

  @Command(name = "queue:jobs", description = "Horizon's job records, newest first.")
  static final class JobsList implements Callable<Integer> {
    @ParentCommand private AllegroCommand root;
    @Spec private CommandSpec spec;

    @Option(
        names = "--status",
        paramLabel = "STATUS",
        description = "pending, completed or failed (default: every recent job).")
    private String status;

    @Option(
        names = "--limit",
        defaultValue = "50",
        paramLabel = "N",
        description = "At most this many (default: 50).")
    private int limit;

    @Option(names = "--json", description = "A JSON array instead of a table.")
    private boolean json;

    @Override
    public Integer call() {
      JobStatus filter = status == null ? null : JobStatus.parse(status);
      var records = root.bean(JobMonitor.class).jobs(filter, Math.max(1, limit));
      var out = spec.commandLine().getOut();
      if (json) {
        out.println(JSON.writeValueAsString(records.stream().map(QueueCommands::row).toList()));
        return 0;
      }
      var table =
          new Table(
              "UUID",
              "TYPE",
              "QUEUE",
              "STATUS",
              "ATTEMPTS",
              "PUSHED_AT",
              "RESERVED_AT",
              "FINISHED_AT");
      for (var r : records) {
        table.row(
            r.id().toString(),
            r.type(),
            r.queue(),
            r.status().label(),
            Integer.toString(r.attempts()),
            text(r.pushedAt()),
            text(r.reservedAt()),
            text(r.completedAt() != null ? r.completedAt() : r.failedAt()));
      }
      table.print(out);
      return 0;
    }
  }

  static Map<String, Object> row(JobRecord r) {
    var row = new LinkedHashMap<String, Object>();
    row.put("uuid", r.id().toString());
    row.put("type", r.type());
    row.put("queue", r.queue());
    row.put("status", r.status().label());
    row.put("attempts", r.attempts());
    row.put("tags", r.tags());
    row.put("pushed_at", text(r.pushedAt()));
    row.put("reserved_at", text(r.reservedAt()));
    if (r.status() == JobStatus.FAILED) {
      row.put("failed_at", text(r.failedAt()));
    } else {
      row.put("completed_at", text(r.completedAt()));
    }
    return row;
  }

  private static String text(Instant time) {
    return time == null ? "" : time.toString();
  }
}
