package dev.allegro.jobs.internal;

import dev.allegro.jobs.JobMetrics;
import dev.allegro.jobs.JobStatus;
import dev.allegro.jobs.RetryPolicy.Decision;
import dev.allegro.jobs.internal.RedisQueue.Reserved;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one reserved job and settles it: deleted when it completed, released for a retry, or failed
 * into {@code failed_jobs} as its retry policy decides.
 */
@Component
public class JobProcessor {

  private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);

  private final RedisQueue queue;
  private final HandlerRegistry handlers;
  private final JobRecords records;
  private final ScriptPipeline pipeline;
  private final FailedJobStore failedJobs;
  private final JobMetrics metrics;
  private final Clock clock;
  private final Duration leaseMargin;

  JobProcessor(
      RedisQueue queue,
      HandlerRegistry handlers,
      JobRecords records,
      ScriptPipeline pipeline,
      FailedJobStore failedJobs,
      JobMetrics metrics,
      Clock clock,
      JobsProperties properties) {
    this.queue = queue;
    this.handlers = handlers;
    this.records = records;
    this.pipeline = pipeline;
    this.failedJobs = failedJobs;
    this.metrics = metrics;
    this.clock = clock;
    this.leaseMargin = properties.leaseMargin();
  }

  /**
   * Runs {@code job} and settles it, then takes the next job of {@code next} in strict order (in
   * the same round trip as the settlement when the job completed, the common case).
   *
   * @param next the queues to take the next job from; empty when the worker takes no more
   * @param control the supervisor of the worker running the job
   * @return the next job, reserved, or null when none is ready or none was asked for
   */
  Reserved process(Reserved job, List<String> next, Worker.Control control) {
    Instant reservedAt = clock.instant();
    Payload payload;
    try {
      payload = Payload.parse(job.reserved());
    } catch (IllegalArgumentException e) {
      pipeline.run(List.of(queue.deleteReserved(job)));
      failedJobs.insert(
          dev.allegro.jobs.JobId.random(), "redis", job.queue(), job.reserved(), stackTrace(e));
      return takeNext(next);
    }
    metrics.waited(job.queue(), Duration.ofMillis(reservedAt.toEpochMilli() - payload.pushedAt()));
    if (payload.retryPolicy().exhaustedBefore(payload.attempts(), reservedAt)) {
      fail(
          job,
          payload,
          reservedAt,
          Duration.ZERO,
          new MaxAttemptsExceededException(payload.job(), payload.attempts()));
      return takeNext(next);
    }
    var handler = handlers.find(payload.job());
    if (handler.isEmpty()) {
      fail(job, payload, reservedAt, Duration.ZERO, new UnknownJobTypeException(payload.job()));
      return takeNext(next);
    }
    Outcome outcome =
        JobRunner.run(
            handler.get(),
            payload.data(),
            Duration.ofSeconds(payload.timeout()),
            leaseMargin,
            control);
    switch (outcome) {
      case Outcome.Completed completed -> {
        return complete(job, payload, reservedAt, completed, next);
      }
      case Outcome.Threw threw ->
          afterFailure(job, payload, reservedAt, threw.runtime(), threw.exception());
      case Outcome.TimedOut timedOut ->
          afterFailure(job, payload, reservedAt, timedOut.runtime(), timedOut.exception());
      case Outcome.Abandoned abandoned -> giveBack(job, payload);
    }
    return takeNext(next);
  }

  private Reserved takeNext(List<String> next) {
    return next.isEmpty() ? null : queue.pop(next);
  }

  private Reserved complete(
      Reserved job,
      Payload payload,
      Instant reservedAt,
      Outcome.Completed outcome,
      List<String> next) {
    var calls = new ArrayList<ScriptCall>(3);
    calls.add(queue.deleteReserved(job));
    calls.add(
        records.finish(
            job.queue(),
            payload,
            job.reserved(),
            JobStatus.COMPLETED,
            reservedAt,
            outcome.runtime(),
            null));
    Optional<ScriptCall> pop = next.isEmpty() ? Optional.empty() : queue.popCall(next);
    pop.ifPresent(calls::add);
    List<Object> answers = pipeline.run(calls);
    if (!Long.valueOf(1).equals(answers.getFirst())) {
      log.warn("Job {} completed after its lease expired; it may run again", payload.uuid());
    }
    metrics.completed(job.queue(), payload.job(), outcome.runtime());
    return pop.isPresent() ? queue.popped(next, answers.getLast()) : takeNext(next);
  }

  private void afterFailure(
      Reserved job, Payload payload, Instant reservedAt, Duration runtime, Throwable exception) {
    int exceptions = payload.exceptions() + 1;
    Payload next = payload.withExceptions(exceptions);
    Decision decision =
        next.retryPolicy().afterFailure(next.attempts(), exceptions, clock.instant());
    switch (decision) {
      case Decision.Retry retry -> {
        log.info(
            "Job {} ({}) failed attempt {}; retrying in {}",
            payload.uuid(),
            payload.job(),
            payload.attempts(),
            retry.delay(),
            exception);
        queue.release(job, next.toJson(), retry.delay());
        records.released(next, stackTrace(exception));
      }
      case Decision.Fail fail ->
          fail(job, next, reservedAt, runtime, new JobFailedException(fail.reason(), exception));
    }
  }

  private void fail(
      Reserved job, Payload payload, Instant reservedAt, Duration runtime, Throwable exception) {
    log.warn("Job {} ({}) failed: {}", payload.uuid(), payload.job(), exception.getMessage());
    String trace = stackTrace(exception);
    String json = payload.toJson();
    failedJobs.insert(payload.uuid(), "redis", job.queue(), json, trace);
    pipeline.run(
        List.of(
            queue.deleteReserved(job),
            records.finish(
                job.queue(), payload, json, JobStatus.FAILED, reservedAt, runtime, trace)));
    metrics.failed(job.queue(), payload.job());
  }

  /** Shutdown: the attempt did not happen as far as the retry policy is concerned. */
  private void giveBack(Reserved job, Payload payload) {
    Payload uncounted = payload.withAttempts(Math.max(0, payload.attempts() - 1));
    queue.release(job, uncounted.toJson(), Duration.ZERO);
    records.released(uncounted, null);
  }

  static String stackTrace(Throwable exception) {
    var out = new StringWriter();
    exception.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
