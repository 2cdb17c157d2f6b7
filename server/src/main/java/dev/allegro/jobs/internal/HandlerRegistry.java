package dev.allegro.jobs.internal;

import dev.allegro.jobs.Job;
import dev.allegro.jobs.JobHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/** Every {@link JobHandler} bean, by type name and by job class. */
@Component
public class HandlerRegistry {

  /** A reader per job class, which resolves the class's deserializer once. */
  private static final ClassValue<ObjectReader> READERS =
      new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
          return JobJson.MAPPER.readerFor(type);
        }
      };

  private final Map<String, JobHandler<?>> byType = new HashMap<>();
  private final Map<Class<?>, JobHandler<?>> byClass = new HashMap<>();

  HandlerRegistry(List<JobHandler<?>> handlers) {
    for (JobHandler<?> handler : handlers) {
      var previous = byType.put(handler.type(), handler);
      if (previous != null) {
        throw new IllegalStateException(
            "Two handlers for job type " + handler.type() + ": " + previous + ", " + handler);
      }
      byClass.put(handler.jobClass(), handler);
    }
  }

  public Optional<JobHandler<?>> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /**
   * @throws IllegalArgumentException when no handler bean runs this job class
   */
  public JobHandler<?> forJob(Job job) {
    var handler = byClass.get(job.getClass());
    if (handler == null) {
      throw new IllegalArgumentException(
          "No JobHandler bean for " + job.getClass().getName() + "; declare one to dispatch it");
    }
    return handler;
  }

  /** Turns the payload's {@code data} into the handler's record and runs it. */
  static <J extends Job> void invoke(JobHandler<J> handler, JsonNode data) throws Exception {
    handler.handle(READERS.get(handler.jobClass()).readValue(data));
  }
}
