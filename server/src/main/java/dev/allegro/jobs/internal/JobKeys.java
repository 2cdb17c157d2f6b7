package dev.allegro.jobs.internal;

import dev.allegro.jobs.JobId;
import dev.allegro.jobs.JobStatus;
import dev.allegro.system.AllegroProperties;
import org.springframework.stereotype.Component;

/**
 * Every Redis key of the job engine. A queue's keys share the hash tag {@code {NAME}} (Laravel's
 * layout under the Allegro prefix); Horizon's keys share {@code {h}}, so each script touches one
 * slot of a Redis Cluster.
 */
@Component
public class JobKeys {

  private final String queuePrefix;
  private final String horizon;

  JobKeys(AllegroProperties allegro, JobsProperties jobs) {
    this.queuePrefix = allegro.redisPrefix() + "queues:";
    this.horizon = jobs.prefix() + "{h}:";
  }

  public String ready(String queue) {
    return queuePrefix + "{" + queue + "}";
  }

  public String delayed(String queue) {
    return ready(queue) + ":delayed";
  }

  public String reserved(String queue) {
    return ready(queue) + ":reserved";
  }

  public String notify(String queue) {
    return ready(queue) + ":notify";
  }

  public String job(JobId id) {
    return jobPrefix() + id;
  }

  /** The start of every job record's key; the pop script appends a job's uuid to it. */
  public String jobPrefix() {
    return horizon + "job:";
  }

  public String recentJobs() {
    return horizon + "recent_jobs";
  }

  /**
   * The newest-first list of records in one status: pending (reserved ones are listed there too, as
   * Horizon does), completed or failed.
   */
  public String jobsIn(JobStatus status) {
    return horizon
        + switch (status) {
          case PENDING, RESERVED -> "pending_jobs";
          case COMPLETED -> "completed_jobs";
          case FAILED -> "failed_jobs";
        };
  }

  public String queueMetrics(String queue) {
    return horizon + "queue:" + queue;
  }

  public String jobMetrics(String type) {
    return horizon + "job:type:" + type;
  }

  public String measuredQueues() {
    return horizon + "measured_queues";
  }

  public String measuredJobs() {
    return horizon + "measured_jobs";
  }

  public String queueSnapshots(String queue) {
    return horizon + "snapshot:queue:" + queue;
  }

  public String jobSnapshots(String type) {
    return horizon + "snapshot:job:" + type;
  }

  public String queueHourly(String queue) {
    return horizon + "hourly:queue:" + queue;
  }

  public String jobHourly(String type) {
    return horizon + "hourly:job:" + type;
  }

  public String supervisors() {
    return horizon + "supervisors";
  }

  public String supervisor(String name) {
    return horizon + "supervisor:" + name;
  }

  public String worker(String name) {
    return horizon + "worker:" + name;
  }

  public String paused() {
    return horizon + "paused";
  }

  /** The set of queues paused one by one. */
  public String pausedQueues() {
    return horizon + "paused_queues";
  }

  /** The set of tags whose jobs are monitored. */
  public String monitoredTags() {
    return horizon + "monitoring";
  }

  /** A monitored tag's jobs, scored by dispatch time. */
  public String taggedJobs(String tag) {
    return horizon + "tag:" + tag;
  }

  public String terminate() {
    return horizon + "terminate";
  }
}
