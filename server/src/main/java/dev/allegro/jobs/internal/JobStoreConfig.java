package dev.allegro.jobs.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the job store for the Redis in use: one server, or a Cluster. */
@Configuration(proxyBeanMethods = false)
class JobStoreConfig {

  @Bean
  JobStore jobStore(ScriptRunner scripts, RedisQueue queue, JobRecords records, JobKeys keys) {
    return scripts.cluster()
        ? new ClusterJobStore(scripts, queue, records)
        : new OneRedisJobStore(scripts, queue, keys);
  }
}
