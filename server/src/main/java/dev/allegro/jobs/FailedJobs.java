package dev.allegro.jobs;

import dev.allegro.jobs.internal.FailedJobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Failed jobs in PostgreSQL: list, retry, forget, flush (Laravel's queue:failed commands). */
@Service
public class FailedJobs {

  private final FailedJobStore store;
  private final Jobs jobs;
  private final TransactionTemplate transaction;

  FailedJobs(FailedJobStore store, Jobs jobs, PlatformTransactionManager transactions) {
    this.store = store;
    this.jobs = jobs;
    this.transaction = new TransactionTemplate(transactions);
  }

  /** How many jobs failed since {@code since}. */
  public long countSince(Instant since) {
    return store.countSince(since);
  }

  public List<FailedJob> list(int limit) {
    return store.list(limit);
  }

  public Optional<FailedJob> find(JobId id) {
    return store.find(id);
  }

  /**
   * Removes the job's row and queues it again as a first attempt, in one transaction: the row stays
   * when the push fails, and a new failure of the retried job (however fast) waits for the removal
   * to commit instead of being removed with it.
   *
   * @throws IllegalArgumentException when no failed job has this uuid
   */
  public JobId retry(JobId id) {
    return transaction.execute(
        status -> {
          var failed =
              store
                  .find(id)
                  .orElseThrow(() -> new IllegalArgumentException("No failed job with uuid " + id));
          store.delete(id);
          return jobs.requeue(failed.queue(), failed.payload());
        });
  }

  /** Retries every job failed until now, once each; returns their uuids. */
  public List<JobId> retryAll() {
    var retried = new ArrayList<JobId>();
    for (JobId id : store.ids()) {
      try {
        retried.add(retry(id));
      } catch (IllegalArgumentException gone) {
        // forgotten or retried by someone else meanwhile
      }
    }
    return retried;
  }

  /**
   * @throws IllegalArgumentException when no failed job has this uuid
   */
  public void forget(JobId id) {
    if (!store.delete(id)) {
      throw new IllegalArgumentException("No failed job with uuid " + id);
    }
  }

  /** Deletes every failed job; returns how many. */
  public int flush() {
    return store.deleteAll();
  }
}
