package dev.allegro.jobs;

/**
 * Runs one job type. Handlers are Spring beans; a worker looks them up by {@link #type()}.
 *
 * <p>A handler must react to interruption: a job over its timeout is interrupted.
 *
 * @param <J> the job record
 */
public interface JobHandler<J extends Job> {

  /** The type name stored in the payload's {@code job} field, e.g. {@code diagnostics.noop}. */
  String type();

  Class<J> jobClass();

  /** Runs the job; any exception fails this attempt and the retry policy decides what follows. */
  void handle(J job) throws Exception;

  /** This type's own dispatch defaults (queue, tries, backoff, ...), under the caller's options. */
  default Dispatch defaults() {
    return Dispatch.defaults();
  }
}
