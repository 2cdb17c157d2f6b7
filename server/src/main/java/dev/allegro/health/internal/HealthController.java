package dev.allegro.health.internal;

import dev.allegro.eventqueue.EventQueues;
import dev.allegro.eventqueue.QueueKind;
import dev.allegro.eventqueue.QueueState;
import dev.allegro.health.HealthProperties;
import dev.allegro.jobs.FailedJobs;
import dev.allegro.jobs.JobMonitor;
import dev.allegro.jobs.QueueWait;
import dev.allegro.system.RedisProbe;
import dev.allegro.tenancy.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seed's two health endpoints: a tenant's Event and Heartbeat Queues, and the platform's job
 * queues. Each answers 200 {@code ok}, or 503 {@code degraded} with nulls when its Redis does not
 * answer, within {@link #BOUND} even when Redis hangs: reachability is asked once at a time ({@link
 * RedisProbe}) and the reads run against a deadline.
 */
@RestController
class HealthController {

  /**
   * An answer always comes within this, whatever Redis does: monitors are promised one within 2 s,
   * and the rest is left to the request's own work (its token, its tenant) on a busy node.
   */
  static final Duration BOUND = Duration.ofMillis(1_500);

  private static final CacheControl NO_STORE = CacheControl.noStore();

  private final EventQueues queues;
  private final JobMonitor jobs;
  private final FailedJobs failedJobs;
  private final RedisProbe jobsRedis;
  private final Duration failedJobsWindow;
  private final Clock clock;

  HealthController(
      EventQueues queues,
      JobMonitor jobs,
      FailedJobs failedJobs,
      StringRedisTemplate redis,
      HealthProperties properties,
      Clock clock) {
    this.queues = queues;
    this.jobs = jobs;
    this.failedJobs = failedJobs;
    this.jobsRedis = new RedisProbe("jobs", redis, clock);
    this.failedJobsWindow = properties.failedJobsWindow();
    this.clock = clock;
  }

  record Redis(boolean reachable) {}

  record TenantHealth(String status, String tenant, Redis redis, Map<String, QueueState> queues) {}

  record PlatformHealth(
      String status, Redis redis, Map<String, QueueWait> queues, Long failedJobs) {}

  private record Platform(Map<String, QueueWait> queues, long failedJobs) {}

  @GetMapping("/api/v1/health")
  ResponseEntity<TenantHealth> tenant(Tenant tenant) {
    var deadline = Deadline.in(BOUND);
    Optional<Map<QueueKind, QueueState>> states =
        queues.reachable() ? deadline.read(() -> queues.states(tenant.id())) : Optional.empty();
    if (states.isEmpty()) {
      queues.unreachable();
    }
    var body = new LinkedHashMap<String, QueueState>();
    for (QueueKind kind : QueueKind.values()) {
      body.put(kind.key(), states.map(s -> s.get(kind)).orElse(null));
    }
    boolean ok = states.isPresent();
    return answer(ok, new TenantHealth(status(ok), tenant.slug(), new Redis(ok), body));
  }

  @GetMapping("/api/v1/landlord/health")
  ResponseEntity<PlatformHealth> platform() {
    var deadline = Deadline.in(BOUND);
    Optional<Platform> read =
        jobsRedis.reachable()
            ? deadline.read(
                () ->
                    new Platform(
                        jobs.waits(),
                        failedJobs.countSince(clock.instant().minus(failedJobsWindow))))
            : Optional.empty();
    if (read.isEmpty()) {
      jobsRedis.unreachable();
      return answer(false, new PlatformHealth(status(false), new Redis(false), Map.of(), null));
    }
    var platform = read.get();
    return answer(
        true,
        new PlatformHealth(
            status(true), new Redis(true), platform.queues(), platform.failedJobs()));
  }

  private static String status(boolean ok) {
    return ok ? "ok" : "degraded";
  }

  private static <T> ResponseEntity<T> answer(boolean ok, T body) {
    return ResponseEntity.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .cacheControl(NO_STORE)
        .body(body);
  }
}
