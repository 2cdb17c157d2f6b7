// Allegro's side of the job benchmark; run through run.sh (java -cp <extracted jar> JobBench.java).
import dev.allegro.AllegroApplication;
import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.HorizonControl;
import dev.allegro.jobs.Job;
import dev.allegro.jobs.JobHandler;
import dev.allegro.jobs.JobMetrics;
import dev.allegro.jobs.Jobs;
import dev.allegro.jobs.internal.Supervisor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

public class JobBench {

  static final ConcurrentLinkedQueue<Long> pickups = new ConcurrentLinkedQueue<>();

  public record Probe(long sentNanos) implements Job {}

  @Configuration(proxyBeanMethods = false)
  public static class ProbeHandler {
    @Bean
    JobHandler<Probe> benchProbe() {
      return new JobHandler<>() {
        public String type() {
          return "bench.probe";
        }

        public Class<Probe> jobClass() {
          return Probe.class;
        }

        public void handle(Probe job) {
          pickups.add(System.nanoTime() - job.sentNanos());
        }
      };
    }
  }

  public static void main(String[] args) {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    String prefix = "bench" + ProcessHandle.current().pid() + ":";
    System.out.printf("%d no-op jobs per run, queue 'default', prefix %s%n", total, prefix);
    int[] concurrency =
        args.length > 1
            ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
            : new int[] {1, 8, 32};
    for (int workers : concurrency) {
      try (var context = start(prefix, workers)) {
        run(context, total, workers);
      }
    }
    System.exit(0);
  }

  static void run(ConfigurableApplicationContext context, int total, int workers) {
    var jobs = context.getBean(Jobs.class);
    var horizon = context.getBean(HorizonControl.class);
    var supervisor = context.getBean(Supervisor.class);
    var registry = context.getBean(MeterRegistry.class);
    var empty = JsonMapper.builder().build().createObjectNode();
    supervisor.start();

    // pickup latency: one job at a time into idle workers
    pickups.clear();
    for (int i = 0; i < 2000; i++) {
      jobs.dispatch(new Probe(System.nanoTime()));
      LockSupport.parkNanos(2_000_000);
    }
    while (pickups.size() < 2000) {
      LockSupport.parkNanos(10_000_000);
    }
    var sorted = new ArrayList<>(pickups);
    Collections.sort(sorted);

    // throughput: fill the queue while paused, then drain it
    horizon.pause();
    LockSupport.parkNanos(Duration.ofMillis(800).toNanos());
    long dispatchStart = System.nanoTime();
    String how;
    if (workers == 1) {
      how = "one by one";
      for (int i = 0; i < total; i++) {
        jobs.dispatch("diagnostics.noop", empty, 1, Dispatch.defaults());
      }
    } else {
      how = "bulk";
      jobs.dispatch("diagnostics.noop", empty, total, Dispatch.defaults());
    }
    double dispatchSeconds = (System.nanoTime() - dispatchStart) / 1e9;
    var processed = processed(registry);
    double before = processed.count();
    long start = System.nanoTime();
    horizon.resume();
    while (processed.count() - before < total) {
      LockSupport.parkNanos(1_000_000);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    supervisor.drain(Duration.ofSeconds(5));
    System.out.printf(
        "workers=%d dispatch(%s)=%,.0f jobs/s  processed=%,.0f jobs/s  pickup p50=%.2f ms p99=%.2f ms%n",
        workers,
        how,
        total / dispatchSeconds,
        total / seconds,
        percentile(sorted, 0.50),
        percentile(sorted, 0.99));
  }

  /** The engine's own counter of processed no-op jobs (the same meter the engine registers). */
  static Counter processed(MeterRegistry registry) {
    return Counter.builder(JobMetrics.PROCESSED)
        .tag(JobMetrics.QUEUE, "default")
        .tag(JobMetrics.JOB, "diagnostics.noop")
        .register(registry);
  }

  static double percentile(List<Long> sortedNanos, double p) {
    int index = Math.min(sortedNanos.size() - 1, (int) Math.floor(sortedNanos.size() * p));
    return sortedNanos.get(index) / 1e6;
  }

  static ConfigurableApplicationContext start(String prefix, int workers) {
    String redisHost = env("REDIS_HOST", "127.0.0.1");
    String cluster = env("REDIS_CLUSTER_NODES", "");
    return new SpringApplicationBuilder(AllegroApplication.class, ProbeHandler.class)
        .web(WebApplicationType.NONE)
        .run(
            "--spring.datasource.url=" + env("DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
            "--spring.datasource.username=" + env("DB_USERNAME", "postgres"),
            "--spring.datasource.password=" + env("DB_PASSWORD", ""),
            cluster.isEmpty()
                ? "--spring.data.redis.host=" + redisHost
                : "--spring.data.redis.cluster.nodes=" + cluster,
            "--spring.data.redis.port=" + env("REDIS_PORT", "6379"),
            "--allegro.roles=",
            "--allegro.redis-prefix=" + prefix,
            "--allegro.jobs.prefix=" + prefix + "horizon:",
            "--allegro.jobs.supervisor.max-processes=" + workers,
            "--logging.level.root=WARN");
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
