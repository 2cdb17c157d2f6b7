package dev.allegro.jobs.internal;

import static java.util.stream.Collectors.joining;

import dev.allegro.jobs.JobStatus;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every change the engine makes to a job's record, in the manner of JobRunr's allowed state
 * changes: each names the statuses it moves a record from and the one it moves it to, and is
 * checked against {@link JobStatus#next()} when this class loads, so an illegal move cannot be
 * declared. The scripts that write records are given {@link #from()} and {@link #to()} and leave a
 * record in any other status as it is (a job that completes twice after its lease expired, say).
 */
enum JobTransition {
  /** A job is dispatched: a new record (one that exists already keeps its status). */
  DISPATCHED(EnumSet.noneOf(JobStatus.class), JobStatus.PENDING),
  /** A worker took the job for an attempt. */
  RESERVED(EnumSet.of(JobStatus.PENDING), JobStatus.RESERVED),
  /** An attempt failed and the job waits for its retry, or a stopping node gave it back. */
  RELEASED(EnumSet.of(JobStatus.RESERVED), JobStatus.PENDING),
  /** A failed job queued again ({@code queue:retry}). */
  RETRIED(EnumSet.of(JobStatus.FAILED), JobStatus.PENDING),
  COMPLETED(EnumSet.of(JobStatus.RESERVED), JobStatus.COMPLETED),
  FAILED(EnumSet.of(JobStatus.RESERVED), JobStatus.FAILED);

  private final Set<JobStatus> from;
  private final JobStatus to;
  private final String fromLabels;

  JobTransition(Set<JobStatus> from, JobStatus to) {
    from.forEach(status -> status.moveTo(to));
    this.from = Set.copyOf(from);
    this.to = to;
    this.fromLabels = from.stream().map(JobStatus::label).sorted().collect(joining(" "));
  }

  /** The statuses a record may move from, space-separated as the scripts take them. */
  String from() {
    return fromLabels;
  }

  Set<JobStatus> fromStatuses() {
    return from;
  }

  /** The status written, as the scripts take it. */
  String to() {
    return to.label();
  }

  JobStatus target() {
    return to;
  }
}
