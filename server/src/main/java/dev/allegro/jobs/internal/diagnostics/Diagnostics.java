package dev.allegro.jobs.internal.diagnostics;

import dev.allegro.jobs.Job;
import dev.allegro.jobs.JobHandler;
import dev.allegro.system.AllegroProperties;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Built-in jobs for benchmarks and smoke checks: {@code diagnostics.noop}, {@code
 * diagnostics.sleep} ({@code {"ms":N}}) and {@code diagnostics.fail} ({@code {"message"?,
 * "until"?}}: throws, on every attempt or on those before {@code until}, an ISO-8601 instant, so a
 * retry after it completes) and {@code diagnostics.tally} ({@code {"key", "n"}}: counts a run of
 * job {@code n} in the Redis hash {@code <prefix>diagnostics:tally:{key}}, field {@code n}, so a
 * check of many nodes can tell every job that ran, and every one that ran twice).
 */
@Configuration(proxyBeanMethods = false)
class Diagnostics {

  record Noop() implements Job {}

  record Sleep(long ms) implements Job {}

  record Fail(String message, Instant until) implements Job {}

  record Tally(String key, long n) implements Job {}

  @Bean
  JobHandler<Noop> noopHandler() {
    return handler("diagnostics.noop", Noop.class, job -> {});
  }

  @Bean
  JobHandler<Sleep> sleepHandler() {
    return handler("diagnostics.sleep", Sleep.class, job -> Thread.sleep(job.ms()));
  }

  @Bean
  JobHandler<Fail> failHandler() {
    return handler(
        "diagnostics.fail",
        Fail.class,
        job -> {
          if (job.until() != null && !Instant.now().isBefore(job.until())) {
            return;
          }
          throw new IllegalStateException(
              job.message() != null
                  ? job.message()
                  : job.until() == null
                      ? "diagnostics.fail always fails"
                      : "diagnostics.fail fails until " + job.until());
        });
  }

  @Bean
  JobHandler<Tally> tallyHandler(StringRedisTemplate redis, AllegroProperties properties) {
    String prefix = properties.redisPrefix() + "diagnostics:tally:";
    return handler(
        "diagnostics.tally",
        Tally.class,
        job -> {
          if (job.key() == null || job.key().isBlank()) {
            throw new IllegalArgumentException("diagnostics.tally needs a key");
          }
          redis.opsForHash().increment(prefix + "{" + job.key() + "}", Long.toString(job.n()), 1);
        });
  }

  interface Body<J> {
    void run(J job) throws Exception;
  }

  private static <J extends Job> JobHandler<J> handler(
      String type, Class<J> jobClass, Body<J> body) {
    return new JobHandler<>() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public Class<J> jobClass() {
        return jobClass;
      }

      @Override
      public void handle(J job) throws Exception {
        body.run(job);
      }
    };
  }
}
