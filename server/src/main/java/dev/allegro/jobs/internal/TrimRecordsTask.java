package dev.allegro.jobs.internal;

import dev.allegro.jobs.JobTags;
import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Drops Horizon's list entries past their retention every minute, once across the worker nodes
 * (Horizon trims in its own process too); the record hashes expire by themselves.
 */
@Component
class TrimRecordsTask implements PeriodicTask {

  private final JobRecords records;
  private final JobTags tags;

  TrimRecordsTask(JobRecords records, JobTags tags) {
    this.records = records;
    this.tags = tags;
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes("horizon:trim", Duration.ofMinutes(1), Role.WORKER);
  }

  @Override
  public void run() {
    records.trim();
    tags.trim(JobRecords.FAILED);
  }
}
