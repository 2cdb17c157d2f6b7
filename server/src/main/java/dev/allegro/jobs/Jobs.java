package dev.allegro.jobs;

import dev.allegro.jobs.internal.Dispatcher;
import dev.allegro.jobs.internal.HandlerRegistry;
import dev.allegro.jobs.internal.JobJson;
import dev.allegro.jobs.internal.JobsProperties;
import dev.allegro.jobs.internal.Payload;
import dev.allegro.system.AllegroProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dispatches jobs: {@code jobs.dispatch(new SendMagicLink(email))}, or with options {@code
 * jobs.dispatch(job, Dispatch.defaults().onQueue(Queues.HIGH).delay(Duration.ofSeconds(30)))}.
 * Options left unset come from the job handler's defaults, then the supervisor's configuration.
 */
@Service
public class Jobs {

  private static final JsonMapper JSON = JobJson.MAPPER;

  private final Dispatcher dispatcher;
  private final JobTags tags;
  private final HandlerRegistry handlers;
  private final Clock clock;
  private final Dispatch configured;

  Jobs(
      Dispatcher dispatcher,
      JobTags tags,
      HandlerRegistry handlers,
      Clock clock,
      JobsProperties properties,
      AllegroProperties allegro) {
    this.dispatcher = dispatcher;
    this.tags = tags;
    this.handlers = handlers;
    this.clock = clock;
    var supervisor = properties.supervisorFor(allegro.env());
    this.configured =
        new Dispatch(
            Queues.DEFAULT,
            Duration.ZERO,
            supervisor.tries(),
            null,
            supervisor.timeout(),
            null,
            null,
            List.of());
  }

  public JobId dispatch(Job job) {
    return dispatch(job, Dispatch.defaults());
  }

  public JobId dispatch(Job job, Dispatch options) {
    return dispatchAll(List.of(job), options).getFirst();
  }

  /** Many jobs of one type in a few round trips. */
  public List<JobId> dispatchAll(List<? extends Job> jobs, Dispatch options) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    var handler = handlers.forJob(jobs.getFirst());
    var data = new ArrayList<JsonNode>();
    for (Job job : jobs) {
      if (handlers.forJob(job) != handler) {
        throw new IllegalArgumentException("dispatchAll takes jobs of one type");
      }
      data.add(JSON.valueToTree(job));
    }
    return push(
        handler.type(), displayName(jobs.getFirst()), data, options.over(handler.defaults()));
  }

  /**
   * Dispatches by type name, as the CLI does; the type need not be known to this node (a job of an
   * unknown type fails when a worker takes it).
   */
  public List<JobId> dispatch(String type, JsonNode data, int count, Dispatch options) {
    var all = new ArrayList<JsonNode>();
    for (int i = 0; i < count; i++) {
      all.add(data);
    }
    Dispatch withDefaults =
        handlers.find(type).map(h -> options.over(h.defaults())).orElse(options);
    return push(type, type, all, withDefaults);
  }

  /** Queues a payload again as a fresh first attempt (queue:retry). */
  public JobId requeue(String queueName, String payloadJson) {
    Payload payload =
        Payload.parse(payloadJson).withAttempts(0).withExceptions(0).pushedAgainAt(clock.millis());
    dispatcher.pushAgain(queueName, payload);
    return payload.uuid();
  }

  private List<JobId> push(String type, String displayName, List<JsonNode> data, Dispatch options) {
    Dispatch o = options.over(configured);
    String queueName = Queues.requireValid(o.queue());
    long now = clock.millis();
    var payloads = new ArrayList<Payload>();
    for (JsonNode item : data) {
      payloads.add(
          new Payload(
              0,
              o.timeout().toSeconds(),
              JobId.random(),
              displayName,
              type,
              o.tries(),
              o.maxExceptions(),
              o.backoff(),
              o.retryUntil() == null ? null : o.retryUntil().getEpochSecond(),
              item,
              now,
              o.tags(),
              0));
    }
    dispatcher.push(queueName, payloads, o.delay());
    var ids = payloads.stream().map(Payload::uuid).toList();
    if (!o.tags().isEmpty()) {
      tags.dispatched(ids, o.tags());
    }
    return ids;
  }

  private static String displayName(Job job) {
    return job.getClass().getSimpleName();
  }
}
