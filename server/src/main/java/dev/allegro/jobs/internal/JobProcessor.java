package dev.allegro.jobs.internal;

import dev.allegro.jobs.JobId;
import dev.allegro.jobs.JobMetrics;
import dev.allegro.jobs.RetryNoSooner;
import dev.allegro.jobs.RetryPolicy.Decision;
import dev.allegro.jobs.internal.RedisQueue.Reserved;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one reserved job and settles it: completed, released for a retry, or failed into {@code
 * failed_jobs}, as its retry policy decides.
 */
@Component
public class JobProcessor {

  private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);

  private final JobStore store;
  private final RedisQueue queue;
  private final HandlerRegistry handlers;
  private final JobRecords records;
  private final JobRunner runner;
  private final FailedJobStore failedJobs;
  private final JobMetrics metrics;
  private final JobCounters counters;
  private final Clock clock;
  private final Duration leaseMargin;

  JobProcessor(
      JobStore store,
      RedisQueue queue,
      HandlerRegistry handlers,
      JobRecords records,
      JobRunner runner,
      FailedJobStore failedJobs,
      JobMetrics metrics,
      JobCounters counters,
      Clock clock,
      JobsProperties properties) {
    this.store = store;
    this.queue = queue;
    this.handlers = handlers;
    this.records = records;
    this.runner = runner;
    this.failedJobs = failedJobs;
    this.metrics = metrics;
    this.counters = counters;
    this.clock = clock;
    this.leaseMargin = properties.leaseMargin();
  }

  /** The next ready job of {@code queues} in strict order, reserved; null when none is ready. */
  Reserved take(List<String> queues) {
    return store.pop(queues);
  }

  /**
   * Runs {@code job} and settles it, then takes the next job of {@code next} in strict order (in
   * the same step as the settlement when the job completed, the common case).
   *
   * @param next the queues to take the next job from; empty when the worker takes no more
   * @param control the supervisor of the worker running the job
   * @return the next job, reserved, or null when none is ready or none was asked for
   */
  Reserved process(Reserved job, List<String> next, Worker.Control control) {
    Instant reservedAt = clock.instant();
    Payload payload;
    try {
      payload = Payload.parse(job.payload());
    } catch (IllegalArgumentException e) {
      // Not a payload of ours: no record to write, only the reservation to end.
      queue.drop(job);
      failedJobs.insert(JobId.random(), "redis", job.queue(), job.payload(), stackTrace(e));
      return takeNext(next);
    }
    metrics.waited(job.queue(), Duration.ofMillis(reservedAt.toEpochMilli() - payload.pushedAt()));
    if (payload.retryPolicy().exhaustedBefore(payload.attempts(), reservedAt)) {
      var exception = new MaxAttemptsExceededException(payload.job(), payload.attempts());
      fail(job, payload, reservedAt, exception);
      return takeNext(next);
    }
    var handler = handlers.find(payload.job());
    if (handler.isEmpty()) {
      fail(job, payload, reservedAt, new UnknownJobTypeException(payload.job()));
      return takeNext(next);
    }
    Duration timeout = Duration.ofSeconds(payload.timeout());
    Outcome outcome = runner.run(handler.get(), payload.data(), timeout, leaseMargin, control);
    switch (outcome) {
      case Outcome.Completed completed -> {
        return complete(job, payload, reservedAt, completed, next);
      }
      case Outcome.Threw threw -> afterFailure(job, payload, reservedAt, threw.exception());
      case Outcome.TimedOut timedOut ->
          afterFailure(job, payload, reservedAt, timedOut.exception());
      case Outcome.Abandoned abandoned -> giveBack(job, payload);
    }
    return takeNext(next);
  }

  private Reserved takeNext(List<String> next) {
    return next.isEmpty() ? null : store.pop(next);
  }

  private Reserved complete(
      Reserved job,
      Payload payload,
      Instant reservedAt,
      Outcome.Completed outcome,
      List<String> next) {
    var finish = records.finish(payload, job.payload(), JobTransition.COMPLETED, reservedAt, null);
    var settled = store.complete(job, finish, next);
    warnIfLate(payload, settled, "completed");
    counters.completed(job.queue(), payload.job(), outcome.runtime());
    metrics.completed(job.queue(), payload.job(), outcome.runtime());
    return settled.next();
  }

  private void afterFailure(
      Reserved job, Payload payload, Instant reservedAt, Throwable exception) {
    int exceptions = payload.exceptions() + 1;
    Payload next = payload.withExceptions(exceptions);
    Decision decision =
        next.retryPolicy().afterFailure(next.attempts(), exceptions, clock.instant());
    switch (decision) {
      case Decision.Retry policy -> {
        var retry = noSoonerThan(policy, exception);
        log.info(
            "Job {} ({}) failed attempt {}; retrying in {}",
            payload.uuid(),
            payload.job(),
            payload.attempts(),
            retry.delay(),
            exception);
        String json = next.toJson();
        queue.release(job, json, retry.delay());
        records.released(job.queue(), next, json, stackTrace(exception));
      }
      case Decision.Fail fail ->
          fail(job, next, reservedAt, new JobFailedException(fail.reason(), exception));
    }
  }

  /** The policy's backoff, or the wait the handler asked for when that is longer. */
  private static Decision.Retry noSoonerThan(Decision.Retry policy, Throwable exception) {
    if (exception instanceof RetryNoSooner asked && asked.atLeast().compareTo(policy.delay()) > 0) {
      return new Decision.Retry(asked.atLeast());
    }
    return policy;
  }

  private void fail(Reserved job, Payload payload, Instant reservedAt, Throwable exception) {
    log.warn("Job {} ({}) failed: {}", payload.uuid(), payload.job(), exception.getMessage());
    String trace = stackTrace(exception);
    String json = payload.toJson();
    failedJobs.insert(payload.uuid(), "redis", job.queue(), json, trace);
    var finish = records.finish(payload, json, JobTransition.FAILED, reservedAt, trace);
    warnIfLate(payload, store.fail(job, finish), "failed");
    counters.failed(job.queue(), payload.job());
    metrics.failed(job.queue(), payload.job());
  }

  /** Shutdown: the attempt did not happen as far as the retry policy is concerned. */
  private void giveBack(Reserved job, Payload payload) {
    Payload uncounted = payload.withAttempts(Math.max(0, payload.attempts() - 1));
    String json = uncounted.toJson();
    queue.release(job, json, Duration.ZERO);
    records.released(job.queue(), uncounted, json, null);
  }

  private static void warnIfLate(Payload payload, JobStore.Settled settled, String outcome) {
    if (!settled.leaseHeld()) {
      log.warn("Job {} {} after its lease expired; it may run again", payload.uuid(), outcome);
    }
    if (!settled.recorded()) {
      log.warn(
          "Job {} {}, but its record had already ended (another attempt finished it first);"
              + " the record keeps that outcome",
          payload.uuid(),
          outcome);
    }
  }

  static String stackTrace(Throwable exception) {
    var out = new StringWriter();
    exception.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
