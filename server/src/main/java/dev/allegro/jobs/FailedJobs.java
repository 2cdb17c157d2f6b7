package dev.allegro.jobs;

import dev.allegro.jobs.internal.FailedJobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Failed jobs in PostgreSQL: list, retry, forget, flush (Laravel's queue:failed commands). */
@Service
public class FailedJobs {

  private final FailedJobStore store;
  private final Jobs jobs;

  FailedJobs(FailedJobStore store, Jobs jobs) {
    this.store = store;
    this.jobs = jobs;
  }

  public List<FailedJob> list(int limit) {
    return store.list(limit);
  }

  public Optional<FailedJob> find(JobId id) {
    return store.find(id);
  }

  /**
   * Queues the job again as a first attempt and removes its row.
   *
   * @throws IllegalArgumentException when no failed job has this uuid
   */
  public JobId retry(JobId id) {
    var failed =
        store
            .find(id)
            .orElseThrow(() -> new IllegalArgumentException("No failed job with uuid " + id));
    JobId queued = jobs.requeue(failed.queue(), failed.payload());
    store.delete(id);
    return queued;
  }

  /** Retries every failed job; returns their uuids. */
  public List<JobId> retryAll() {
    var retried = new ArrayList<JobId>();
    List<FailedJob> batch;
    while (!(batch = store.list(500)).isEmpty()) {
      batch.forEach(failed -> retried.add(retry(failed.uuid())));
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
