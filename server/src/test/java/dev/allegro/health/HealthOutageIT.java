package dev.allegro.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.PrivateRedis;
import dev.allegro.test.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The health endpoints against a Redis of this class's own that is stopped (it refuses) or frozen
 * with SIGSTOP (it hangs): 503 {@code degraded} in the seed's shape, within 2 s, and a monitor
 * polling every 100 ms for a minute of hang piles up no threads, connections or PINGs.
 */
@AllegroTest
class HealthOutageIT {

  private static final String TENANT = "outage-health";
  private static final String HOST = TENANT + ".test";
  private static final String DEGRADED_TENANT =
      "{\"status\":\"degraded\",\"tenant\":\""
          + TENANT
          + "\",\"redis\":{\"reachable\":false},\"queues\":{\"events\":null,\"heartbeats\":null}}";
  private static final String DEGRADED_PLATFORM =
      "{\"status\":\"degraded\",\"redis\":{\"reachable\":false},\"queues\":{},\"failed_jobs\":null}";
  private static final Duration BOUND = Duration.ofSeconds(2);

  private static final PrivateRedis redis = PrivateRedis.start();

  @DynamicPropertySource
  static void privateRedis(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.host", () -> "127.0.0.1");
    registry.add("spring.data.redis.port", redis::port);
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Environment environment;

  private static String member;
  private static String admin;

  @BeforeEach
  void tokens() {
    if (member == null) {
      member = data.token(data.member("m@" + HOST, data.tenant(TENANT)));
      admin = data.token(data.superAdmin("root@outage-health.test"));
    }
  }

  /** Whatever a test did, the next one finds Redis running and answering. */
  @AfterEach
  void redisRunsAgain() {
    redis.thaw();
    redis.restart();
  }

  @Test
  void withRedisStoppedBothHealthsAre503DegradedWithNullsAndReadinessFailsUntilItIsBack() {
    assertThat(tenantHealth().status()).isEqualTo(200);
    assertThat(platformHealth().status()).isEqualTo(200);

    redis.stop();

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(tenantHealth().status()).isEqualTo(503));
    var tenant = tenantHealth();
    assertThat(tenant.body()).isEqualTo(DEGRADED_TENANT);
    assertThat(tenant.header("Cache-Control")).isEqualTo("no-store");
    var platform = platformHealth();
    assertThat(platform.status()).isEqualTo(503);
    assertThat(platform.body()).isEqualTo(DEGRADED_PLATFORM);
    assertThat(platform.header("Cache-Control")).isEqualTo("no-store");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(http.management("/actuator/health/readiness").send().status())
                    .as("readiness includes Redis")
                    .isEqualTo(503));
    assertThat(http.get("/readyz").send().status()).isEqualTo(503);
    assertThat(http.management("/actuator/health/liveness").send().status())
        .as("liveness checks no dependency")
        .isEqualTo(200);
    assertThat(http.get("/livez").send().status()).isEqualTo(200);

    redis.restart();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(tenantHealth().status()).isEqualTo(200);
              assertThat(platformHealth().status()).isEqualTo(200);
            });
    JsonNode body = tenantHealth().json();
    assertThat(body.get("status").asString()).isEqualTo("ok");
    assertThat(body.at("/queues/events/depth").asInt()).isZero();
    assertThat(platformHealth().json().get("failed_jobs").isIntegralNumber()).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(http.management("/actuator/health/readiness").send().status())
                    .isEqualTo(200));
  }

  @Test
  void withRedisFrozenEveryAnswerComesWithin2sAndAMinuteOfPollingPilesUpNothing() throws Exception {
    assertThat(tenantHealth().status()).isEqualTo(200);
    assertThat(platformHealth().status()).isEqualTo(200);
    long clientsBefore = redis.clients();
    long pingsBefore = redis.calls("ping");

    redis.freeze();
    try {
      long started = System.nanoTime();
      var tenant = tenantHealth();
      Duration tenantTook = since(started);
      started = System.nanoTime();
      var platform = platformHealth();
      Duration platformTook = since(started);
      System.out.printf(
          "HealthOutageIT: first answers under SIGSTOP: tenant %d ms, platform %d ms%n",
          tenantTook.toMillis(), platformTook.toMillis());
      assertThat(tenant.status()).isEqualTo(503);
      assertThat(tenant.body()).isEqualTo(DEGRADED_TENANT);
      assertThat(tenantTook).isLessThan(BOUND);
      assertThat(platform.status()).isEqualTo(503);
      assertThat(platform.body()).isEqualTo(DEGRADED_PLATFORM);
      assertThat(platformTook).isLessThan(BOUND);
      assertThat(platform.header("Cache-Control")).isEqualTo("no-store");
      assertThat(http.get("/livez").send().status()).isEqualTo(200);
      assertThat(http.management("/actuator/health/liveness").send().status()).isEqualTo(200);

      var monitor = Monitor.run(this::url, Duration.ofMinutes(1), redis.port());

      System.out.println("HealthOutageIT: " + monitor);
      assertThat(monitor.answers()).as("every poll answered").isEqualTo(monitor.polls());
      assertThat(monitor.statuses()).as("statuses").containsOnly(503);
      assertThat(monitor.slowest()).as("the slowest answer").isLessThan(BOUND);
      assertThat(monitor.probesInFlight())
          .as("PINGs in flight at once, per probe (the queues' and the jobs')")
          .isEqualTo(1);
      assertThat(monitor.growth(Sample::platformThreads))
          .as("platform threads after the first 10 s")
          .isLessThanOrEqualTo(5);
      assertThat(monitor.growth(Sample::virtualThreads))
          .as("virtual threads after the first 10 s")
          .isLessThanOrEqualTo(20);
      assertThat(monitor.max(Sample::redisConnections) - monitor.first().redisConnections())
          .as("TCP connections to Redis opened during the hang")
          .isLessThanOrEqualTo(1);
      assertThat(http.management("/actuator/health/readiness").send().status())
          .as("readiness while Redis hangs")
          .isEqualTo(503);
    } finally {
      redis.thaw();
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(tenantHealth().status()).isEqualTo(200);
              assertThat(platformHealth().status()).isEqualTo(200);
            });
    long pings = redis.calls("ping") - pingsBefore;
    System.out.printf(
        "HealthOutageIT: PINGs Redis ran for the minute of hang: %d; clients before %d, after %d%n",
        pings, clientsBefore, redis.clients());
    assertThat(pings)
        .as(
            "PINGs sent during the hang: two probes, each with one PING at a time that lasts its"
                + " 2 s timeout, so at most one a second each (a PING per poll would be 1,200)")
        .isLessThanOrEqualTo(2 * 62);
    assertThat(redis.clients()).as("Redis's clients").isLessThanOrEqualTo(clientsBefore + 1);
  }

  private Http.Response tenantHealth() {
    return http.get("/api/v1/health").host(HOST).bearer(member).send();
  }

  private Http.Response platformHealth() {
    return http.get("/api/v1/landlord/health").bearer(admin).send();
  }

  private HttpRequest url(boolean tenant) {
    String port = environment.getRequiredProperty("local.server.port");
    var request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + port
                        + (tenant ? "/api/v1/health" : "/api/v1/landlord/health")))
            .timeout(Duration.ofSeconds(10));
    return tenant
        ? request.header("Host", HOST).header("Authorization", "Bearer " + member).build()
        : request.header("Host", "localhost").header("Authorization", "Bearer " + admin).build();
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** What the JVM holds at one moment of the hang. */
  record Sample(
      long atMillis,
      int platformThreads,
      int virtualThreads,
      int probesInFlight,
      int redisConnections) {}

  /**
   * A monitor polling both endpoints every 100 ms without waiting for answers (as an uptime checker
   * with a timeout does), while a sampler records the JVM's threads and its connections to Redis
   * once a second. Its own threads are a fixed few: one scheduler, two for the HTTP client.
   */
  record Monitor(
      int polls,
      int answers,
      Set<Integer> statuses,
      Duration slowest,
      int probesInFlight,
      List<Sample> samples) {

    static Monitor run(
        java.util.function.Function<Boolean, HttpRequest> requests,
        Duration duration,
        int redisPort)
        throws Exception {
      var pool = Executors.newFixedThreadPool(2);
      var client =
          HttpClient.newBuilder().executor(pool).connectTimeout(Duration.ofSeconds(5)).build();
      var scheduler = Executors.newSingleThreadScheduledExecutor();
      var polls = new AtomicInteger();
      var answers = new AtomicInteger();
      var completed = new AtomicInteger();
      var statuses = new ConcurrentLinkedQueue<Integer>();
      var slowest = new java.util.concurrent.atomic.AtomicLong();
      var samples = new java.util.concurrent.CopyOnWriteArrayList<Sample>();
      long start = System.nanoTime();
      try {
        scheduler.scheduleAtFixedRate(
            () -> {
              for (boolean tenant : new boolean[] {true, false}) {
                polls.incrementAndGet();
                long sent = System.nanoTime();
                client
                    .sendAsync(requests.apply(tenant), HttpResponse.BodyHandlers.ofString())
                    .whenComplete(
                        (response, error) -> {
                          slowest.accumulateAndGet(System.nanoTime() - sent, Math::max);
                          if (response != null) {
                            statuses.add(response.statusCode());
                            answers.incrementAndGet();
                          }
                          completed.incrementAndGet();
                        });
              }
            },
            0,
            100,
            TimeUnit.MILLISECONDS);
        // one sample a second until the duration is over
        await()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofSeconds(1))
            .atMost(duration.plusSeconds(10))
            .until(
                () -> {
                  samples.add(sample(start, redisPort));
                  return System.nanoTime() - start >= duration.toNanos();
                });
        int probes = samples.stream().mapToInt(Sample::probesInFlight).max().orElse(0);
        scheduler.shutdown();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> completed.get() >= polls.get());
        return new Monitor(
            polls.get(),
            answers.get(),
            new HashSet<>(statuses),
            Duration.ofNanos(slowest.get()),
            probes,
            samples);
      } finally {
        scheduler.shutdownNow();
        client.close();
        pool.shutdownNow();
      }
    }

    Sample first() {
      return samples.getFirst();
    }

    /** The largest value after the first 10 s, less the value at 10 s. */
    int growth(java.util.function.ToIntFunction<Sample> value) {
      var settled = samples.stream().filter(s -> s.atMillis() >= 10_000).toList();
      return max(settled, value) - value.applyAsInt(settled.getFirst());
    }

    int max(java.util.function.ToIntFunction<Sample> value) {
      return max(samples, value);
    }

    private static int max(List<Sample> samples, java.util.function.ToIntFunction<Sample> value) {
      return samples.stream().mapToInt(value).max().orElseThrow();
    }

    private static Sample sample(long startNanos, int redisPort) {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      var dump = ThreadDump.take();
      return new Sample(
          (System.nanoTime() - startNanos) / 1_000_000,
          threads.getThreadCount(),
          dump.virtualThreads(),
          Math.max(dump.named("redis-probe-queues"), dump.named("redis-probe-jobs")),
          Connections.established(redisPort));
    }

    @Override
    public String toString() {
      var platform = samples.stream().mapToInt(Sample::platformThreads).summaryStatistics();
      var virtual = samples.stream().mapToInt(Sample::virtualThreads).summaryStatistics();
      var connections = samples.stream().mapToInt(Sample::redisConnections).summaryStatistics();
      return "polls %d, answers %d, statuses %s, slowest %d ms, probes in flight at most %d;"
              .formatted(polls, answers, statuses, slowest.toMillis(), probesInFlight)
          + " platform threads %d..%d, virtual threads %d..%d, Redis connections %d..%d"
              .formatted(
                  platform.getMin(),
                  platform.getMax(),
                  virtual.getMin(),
                  virtual.getMax(),
                  connections.getMin(),
                  connections.getMax());
    }
  }

  /** The JVM's threads, virtual ones included, from a JSON thread dump. */
  record ThreadDump(JsonNode json) {

    static ThreadDump take() {
      try {
        Path file = Files.createTempFile("allegro-threads-", ".json");
        Files.delete(file);
        try {
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
              .dumpThreads(file.toString(), ThreadDumpFormat.JSON);
          return new ThreadDump(Http.json(Files.readString(file)));
        } finally {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private List<JsonNode> threads() {
      var threads = new ArrayList<JsonNode>();
      json.at("/threadDump/threadContainers").forEach(c -> c.get("threads").forEach(threads::add));
      return threads;
    }

    /** The threads ThreadMXBean does not know: virtual ones. */
    int virtualThreads() {
      var platform = new HashSet<String>();
      for (long id : ManagementFactory.getThreadMXBean().getAllThreadIds()) {
        platform.add(Long.toString(id));
      }
      return (int)
          threads().stream().filter(t -> !platform.contains(t.get("tid").asString())).count();
    }

    int named(String name) {
      return (int)
          threads().stream()
              .filter(t -> t.has("name") && name.equals(t.get("name").asString()))
              .count();
    }
  }

  /** TCP connections of this process to a local port, from {@code /proc} (Linux). */
  static final class Connections {

    private static final String ESTABLISHED = "01";

    static int established(int port) {
      try {
        var inodes = new HashSet<String>();
        try (var fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
          for (Path fd : fds) {
            try {
              String target = Files.readSymbolicLink(fd).toString();
              if (target.startsWith("socket:[")) {
                inodes.add(target.substring(8, target.length() - 1));
              }
            } catch (IOException e) {
              // the descriptor closed while listed
            }
          }
        }
        int count = 0;
        String remote = ":%04X".formatted(port);
        for (String table : new String[] {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
          Path path = Path.of(table);
          if (!Files.exists(path)) {
            continue;
          }
          for (String line : Files.readAllLines(path).stream().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f[2].endsWith(remote) && f[3].equals(ESTABLISHED) && inodes.contains(f[9])) {
              count++;
            }
          }
        }
        return count;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
