package dev.allegro.jobs.internal;

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

  TrimRecordsTask(JobRecords records) {
    this.records = records;
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes("horizon:trim", Duration.ofMinutes(1), Role.WORKER);
  }

  @Override
  public void run() {
    records.trim();
  }
}
