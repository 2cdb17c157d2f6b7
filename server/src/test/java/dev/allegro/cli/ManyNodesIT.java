package dev.allegro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.auth.AccessTokens;
import dev.allegro.features.FeatureFlag;
import dev.allegro.features.FeatureFlags;
import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.JobMonitor;
import dev.allegro.jobs.JobStatus;
import dev.allegro.jobs.Jobs;
import dev.allegro.system.embedded.FreePorts;
import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.OnRedisCluster;
import dev.allegro.test.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.json.JsonMapper;

/**
 * The jar as an operator scales it out: two web nodes ({@code serve} with {@code
 * ALLEGRO_ROLES=web}), two worker nodes ({@code horizon}) and one scheduler ({@code schedule}),
 * five JVMs on one database and one 3-master Redis Cluster, beside this test's own context (a web
 * node too, which dispatches the jobs and changes the shared state). Last, each node is restarted
 * in turn under load, as a rolling deployment does.
 */
@AllegroTest
@OnRedisCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManyNodesIT {

  private static final int JOBS = 20_000;
  private static final int WORKERS_PER_NODE = 4;

  @Autowired Environment environment;
  @Autowired TestData data;
  @Autowired FeatureFlags flags;
  @Autowired AccessTokens tokens;
  @Autowired Jobs jobs;
  @Autowired JobMonitor monitor;
  @Autowired StringRedisTemplate redis;

  /** One JVM of the jar, how it was started, and the port it serves when it is a web node. */
  record Node(
      String name,
      String command,
      Map<String, String> extra,
      Process process,
      Http http,
      Path log) {}

  final List<Node> nodes = new ArrayList<>();
  Path directory;
  Node web1;
  Node web2;
  Node worker1;
  Node worker2;
  Node scheduler;

  @BeforeAll
  void startTheNodes() throws IOException {
    directory = Files.createTempDirectory("allegro-many-nodes");
    var webRole = Map.of("ALLEGRO_ROLES", "web", "SHUTDOWN_READINESS_DELAY", "2s");
    web1 = start("web-1", "serve", webRole);
    web2 = start("web-2", "serve", webRole);
    worker1 = start("worker-1", "horizon", Map.of());
    worker2 = start("worker-2", "horizon", Map.of());
    scheduler = start("scheduler", "schedule", Map.of());
    for (Node web : List.of(web1, web2)) {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(() -> alive(web) && web.http().get("/readyz").send().status() == 200);
    }
  }

  @AfterAll
  void stopTheNodes() {
    nodes.forEach(node -> node.process().destroyForcibly());
  }

  @Test
  @Order(1)
  void ingestionSpreadOverBothWebNodesKeepsTheTenantsOrderInItsQueue() {
    Tenant tenant = data.tenant("spread", FeatureFlag.USE_REDIS_EVENTS);
    String host = TestData.host("spread");
    String token = data.token(data.member("c@spread.test", tenant));
    int events = 200;
    for (int i = 0; i < events; i++) {
      Node web = i % 2 == 0 ? web1 : web2;
      var response =
          web.http()
              .post("/api/events")
              .host(host)
              .json(
                  "{\"type\":\"page_view\",\"session_id\":\"s\",\"event_sequence\":"
                      + i
                      + ",\"url\":\"https://"
                      + host
                      + "/p/"
                      + i
                      + "\"}")
              .send();
      assertThat(response.status()).as("event %d on %s", i, web.name()).isEqualTo(201);
    }

    for (Node web : List.of(web1, web2)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> queued(web, host, token).size() == events);
      assertThat(queued(web, host, token))
          .as("read on " + web.name())
          .containsExactlyElementsOf(java.util.stream.IntStream.range(0, events).boxed().toList());
    }
  }

  @Test
  @Order(2)
  void aFlagChangeAndATokenRevocationAreSeenByEveryWebNodeWithinOneSecond() {
    Tenant tenant = data.tenant("shared", FeatureFlag.USE_REDIS_EVENTS);
    String host = TestData.host("shared");
    String token = data.token(data.member("c@shared.test", tenant));
    assertThat(web1.http().post("/api/events").host(host).json(pageView(host)).send().status())
        .isEqualTo(201);
    for (Node web : List.of(web1, web2)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> queued(web, host, token).size() == 1);
    }

    // the flag off: the Event Queue answers empty on every node
    flags.deactivate(FeatureFlag.USE_REDIS_EVENTS, tenant.id());
    for (Node web : List.of(web1, web2)) {
      await()
          .atMost(Duration.ofSeconds(1))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> queued(web, host, token).isEmpty());
    }

    tokens.revoke(Long.parseLong(token.substring(0, token.indexOf('|'))));
    for (Node web : List.of(web1, web2)) {
      await()
          .atMost(Duration.ofSeconds(1))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> web.http().get("/api/platform/events").host(host).bearer(token).send().status(),
              status -> status == 401);
    }
  }

  @Test
  @Order(3)
  void twentyThousandJobsRunOnceAcrossTwoWorkerNodesAndAKilledNodeLosesNone() throws Exception {
    String key = "many-nodes";
    var mapper = JsonMapper.builder().build();
    // a second try: a job whose worker dies is run again after its lease, not failed
    var options = Dispatch.defaults().tries(2).timeout(Duration.ofSeconds(5));
    var dispatching =
        CompletableFuture.runAsync(
            () -> {
              for (int n = 0; n < JOBS; n++) {
                jobs.dispatch(
                    "diagnostics.tally",
                    mapper.createObjectNode().put("key", key).put("n", n),
                    1,
                    options);
              }
            });

    // a worker node is killed while both take jobs
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> tallied(key).size() >= JOBS / 4);
    assertThat(alive(worker1) && alive(worker2)).as("both worker nodes ran").isTrue();
    worker1.process().destroyForcibly().waitFor();
    dispatching.get();

    // the other finishes every job, those the killed node held once their lease ran out
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> tallied(key).size() == JOBS);
    Map<Object, Object> runs = tallied(key);
    long twice = runs.values().stream().filter(count -> !"1".equals(count)).count();
    assertThat(runs.values()).allMatch(count -> "1".equals(count) || "2".equals(count));
    assertThat(twice)
        .as("only the jobs the killed node was running ran again")
        .isLessThanOrEqualTo(WORKERS_PER_NODE);
    assertThat(monitor.count(JobStatus.FAILED)).as("no job failed").isZero();
  }

  /**
   * Each node in turn gets SIGTERM under load and is started again. The load sends client event
   * ids, as the SDK does, so that a request retried on another node after its answer was lost is
   * stored once.
   */
  @Test
  @Order(4)
  void aRollingRestartUnderLoadAnswersNo5xxAndLosesNoEventOrJob() throws Exception {
    Tenant tenant = data.tenant("rolling", FeatureFlag.USE_REDIS_EVENTS);
    String host = TestData.host("rolling");
    String token = data.token(data.member("c@rolling.test", tenant));
    worker1 = start("worker-1", "horizon", Map.of()); // killed by the test before
    var balancer = new Balancer(List.of(web1, web2));
    var running = new java.util.concurrent.atomic.AtomicBoolean(true);
    var errors = new java.util.concurrent.ConcurrentLinkedQueue<String>();
    var accepted = new java.util.concurrent.atomic.AtomicInteger();
    var refusedConnections = new java.util.concurrent.atomic.AtomicInteger();
    var ingestion =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; running.get(); i++) {
                // a client id, as the SDK sends: a request retried after its answer was lost
                // (the node stopped in between) is stored once
                String body =
                    "{\"type\":\"page_view\",\"session_id\":\"s\",\"id\":\""
                        + java.util.UUID.nameUUIDFromBytes(("rolling-" + i).getBytes())
                        + "\",\"event_sequence\":"
                        + i
                        + ",\"url\":\"https://"
                        + host
                        + "/p/"
                        + i
                        + "\"}";
                while (true) {
                  Node web = balancer.next();
                  try {
                    var response = web.http().post("/api/events").host(host).json(body).send();
                    if (response.status() == 201) {
                      accepted.incrementAndGet();
                    } else {
                      errors.add(web.name() + ": " + response.status() + " " + response.body());
                    }
                    break;
                  } catch (java.io.UncheckedIOException e) {
                    // the connection was refused or closed before an answer: as a balancer
                    // does, try the request on another node
                    refusedConnections.incrementAndGet();
                  }
                }
              }
            });
    String key = "rolling";
    var dispatched = new java.util.concurrent.atomic.AtomicInteger();
    var mapper = JsonMapper.builder().build();
    var dispatching =
        CompletableFuture.runAsync(
            () -> {
              while (running.get()) {
                jobs.dispatch(
                    "diagnostics.tally",
                    mapper.createObjectNode().put("key", key).put("n", dispatched.get()),
                    1,
                    Dispatch.defaults().tries(2).timeout(Duration.ofSeconds(5)));
                dispatched.incrementAndGet();
                sleepQuietly(2);
              }
            });
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> accepted.get() >= 200);

      // each node in turn: SIGTERM, wait for its exit, start it again
      web1 = restart(web1, balancer);
      web2 = restart(web2, balancer);
      worker1 = restart(worker1, null);
      worker2 = restart(worker2, null);
      scheduler = restart(scheduler, null);
      int atEnd = accepted.get();
      await().atMost(Duration.ofSeconds(30)).until(() -> accepted.get() >= atEnd + 200);
    } finally {
      // a failed wait must not leave the load running into the next test classes
      running.set(false);
      balancer.stop();
    }
    ingestion.get();
    dispatching.get();

    assertThat(balancer.contractBreaks).as("/readyz answers as documented").isEmpty();
    assertThat(errors).as("no 5xx, no other error, from any node").isEmpty();
    int total = accepted.get();
    // read from Redis, not the API: a GET answers at most 10,000 and the load may pass that
    await().atMost(Duration.ofSeconds(30)).until(() -> allQueued(tenant).size() >= total);
    assertThat(allQueued(tenant))
        .as("every accepted event once, in order")
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, total).boxed().toList());
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> tallied(key).size() == dispatched.get());
    long twice = tallied(key).values().stream().filter(count -> !"1".equals(count)).count();
    org.slf4j.LoggerFactory.getLogger(ManyNodesIT.class)
        .info(
            "Rolling restart: {} events accepted, {} connections refused and retried elsewhere,"
                + " {} jobs, {} run twice",
            total,
            refusedConnections.get(),
            dispatched.get(),
            twice);
    assertThat(twice).as("a drained worker finishes its jobs: none runs twice").isZero();
  }

  /**
   * Sends SIGTERM to a node, waits for it to exit as a process manager does, and starts it again; a
   * web node is in the balancer again once its readiness is up.
   */
  private Node restart(Node node, Balancer balancer) throws Exception {
    node.process().destroy();
    assertThat(node.process().waitFor(90, java.util.concurrent.TimeUnit.SECONDS))
        .as("%s exits after SIGTERM (log: %s)", node.name(), node.log())
        .isTrue();
    Node again = start(node.name(), node.command(), node.extra());
    if (balancer != null) {
      balancer.replace(node, again);
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> balancer.inRotation(again));
    } else {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  Files.exists(again.log())
                      && Files.readString(again.log()).contains("Started AllegroApplication"));
    }
    return again;
  }

  /**
   * What a load balancer does: polls each web node's {@code /readyz} every 100 ms and sends
   * requests, in turn, only to the nodes that answered 200.
   */
  static final class Balancer {
    private final List<Node> nodes;
    private final Set<Node> ready = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger turn =
        new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean polling = true;
    private final Thread poller;

    Balancer(List<Node> nodes) {
      this.nodes = new java.util.concurrent.CopyOnWriteArrayList<>(nodes);
      this.ready.addAll(nodes);
      this.poller =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (polling) {
                      for (Node node : this.nodes) {
                        if (readyz(node)) {
                          ready.add(node);
                        } else {
                          ready.remove(node);
                        }
                      }
                      sleepQuietly(100);
                    }
                  });
    }

    /** What a readiness answer broke of the API's document (its 503 included), if anything. */
    final java.util.Queue<String> contractBreaks =
        new java.util.concurrent.ConcurrentLinkedQueue<>();

    private boolean readyz(Node node) {
      try {
        return node.http().get("/readyz").send().status() == 200;
      } catch (java.io.UncheckedIOException e) {
        return false; // not listening (yet, or any more)
      } catch (AssertionError e) {
        contractBreaks.add(node.name() + ": " + e.getMessage());
        return false;
      }
    }

    Node next() {
      while (true) {
        var candidates = nodes.stream().filter(ready::contains).toList();
        if (!candidates.isEmpty()) {
          return candidates.get(Math.floorMod(turn.getAndIncrement(), candidates.size()));
        }
        sleepQuietly(10);
      }
    }

    void replace(Node old, Node fresh) {
      nodes.replaceAll(n -> n == old ? fresh : n);
      ready.remove(old);
    }

    boolean inRotation(Node node) {
      return ready.contains(node);
    }

    void stop() throws InterruptedException {
      polling = false;
      poller.join();
    }
  }

  /** Paces the load and the balancer's polling (not a wait for a condition: those use await). */
  private static void sleepQuietly(long millis) {
    java.util.concurrent.locks.LockSupport.parkNanos(millis * 1_000_000);
  }

  private Map<Object, Object> tallied(String key) {
    return redis
        .opsForHash()
        .entries(
            environment.getProperty("allegro.redis-prefix") + "diagnostics:tally:{" + key + "}");
  }

  private static String pageView(String host) {
    return "{\"type\":\"page_view\",\"session_id\":\"s\",\"url\":\"https://" + host + "/\"}";
  }

  /** The {@code event_sequence} of every event in the tenant's whole queue, front first. */
  private List<Integer> allQueued(Tenant tenant) {
    String queue =
        environment.getProperty("allegro.redis-prefix") + "{t:" + tenant.id().value() + "}:events";
    var mapper = JsonMapper.builder().build();
    var sequences = new ArrayList<Integer>();
    for (String item : redis.opsForList().range(queue, 0, -1)) {
      sequences.add(mapper.readTree(item).get("event_sequence").asInt());
    }
    return sequences;
  }

  /** The {@code event_sequence} of every event in the tenant's queue, front first. */
  private static List<Integer> queued(Node web, String host, String token) {
    var response = web.http().get("/api/platform/events").host(host).bearer(token).send();
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    var sequences = new ArrayList<Integer>();
    response.json().at("/data/events").forEach(e -> sequences.add(e.get("event_sequence").asInt()));
    return sequences;
  }

  private static boolean alive(Node node) {
    assertThat(node.process().isAlive())
        .as("%s is running (its log: %s)", node.name(), node.log())
        .isTrue();
    return true;
  }

  private Node start(String name, String command, Map<String, String> extra) throws IOException {
    int port = FreePorts.find();
    var env = new HashMap<String, String>();
    env.put("DB_URL", environment.getProperty("spring.datasource.url"));
    env.put("DB_USERNAME", environment.getProperty("spring.datasource.username", ""));
    env.put("DB_PASSWORD", environment.getProperty("spring.datasource.password", ""));
    env.put("REDIS_CLUSTER_NODES", environment.getProperty("spring.data.redis.cluster.nodes"));
    env.put("ALLEGRO_REDIS_PREFIX", environment.getProperty("allegro.redis-prefix"));
    env.put("HORIZON_PREFIX", environment.getProperty("allegro.jobs.prefix"));
    env.put("ALLEGRO_EMBEDDED", "false");
    env.put("ALLEGRO_CLI_CACHE", "false");
    env.put("APP_ENV", "local");
    env.put("SERVER_PORT", Integer.toString(port));
    env.put("MANAGEMENT_PORT", Integer.toString(FreePorts.find()));
    env.put("HORIZON_LEASE_MARGIN", "1s");
    env.put("DB_POOL_SIZE", "4");
    env.put("SDK_RATE_LIMIT_PER_MINUTE", "0");
    env.put("ALLEGRO_DATA_DIR", directory.resolve(name).toString());
    env.putAll(extra);
    List<String> jvm =
        List.of(
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-Dallegro.jobs.supervisor.max-processes=" + WORKERS_PER_NODE,
            "-Dallegro.jobs.supervisor.min-processes=" + WORKERS_PER_NODE);
    Path log = directory.resolve(name + "-" + System.nanoTime() + ".log");
    Process process =
        Jar.process(directory, env, jvm, List.of(command))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    var web = new MockEnvironment().withProperty("local.server.port", Integer.toString(port));
    var node = new Node(name, command, extra, process, new Http(web), log);
    nodes.add(node);
    return node;
  }
}
