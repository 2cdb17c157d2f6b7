package dev.allegro.jobs;

import dev.allegro.jobs.internal.JobRecords;
import dev.allegro.jobs.internal.JobsProperties;
import dev.allegro.jobs.internal.RedisQueue;
import dev.allegro.system.AllegroProperties;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** What operators and the dashboard read: queue sizes and Horizon's job records. */
@Service
public class JobMonitor {

  private final RedisQueue queue;
  private final JobRecords records;
  private final List<String> queues;

  JobMonitor(
      RedisQueue queue, JobRecords records, JobsProperties properties, AllegroProperties allegro) {
    this.queue = queue;
    this.records = records;
    this.queues = properties.supervisorFor(allegro.env()).queue();
  }

  /** The configured queues, highest priority first. */
  public List<String> queues() {
    return queues;
  }

  public List<QueueSize> sizes() {
    return queues.stream().map(queue::size).toList();
  }

  public QueueSize size(String name) {
    return queue.size(Queues.requireValid(name));
  }

  public Optional<JobRecord> job(JobId id) {
    return records.find(id);
  }

  /** Newest first; {@code status} null lists every recent job. */
  public List<JobRecord> jobs(JobStatus status, int limit) {
    return records.list(status, limit);
  }
}
