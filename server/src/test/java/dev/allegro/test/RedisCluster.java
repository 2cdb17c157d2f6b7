package dev.allegro.test;

import dev.allegro.system.embedded.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A 3-master Redis Cluster on free loopback ports, made from the machine's {@code redis-server} and
 * {@code redis-cli} (about two seconds), once per test JVM and stopped when it exits. Tests of
 * Redis-backed features run on it through {@link OnRedisCluster}; a machine without {@code
 * redis-server} skips them. A test that kills nodes starts one of its own with a replica per master
 * ({@link #withReplicas()}) and closes it.
 */
public final class RedisCluster implements AutoCloseable {

  private static final int MASTERS = 3;
  private static RedisCluster instance;

  private final List<Integer> ports;
  private final Map<Integer, Process> servers;

  private RedisCluster(List<Integer> ports, Map<Integer, Process> servers) {
    this.ports = ports;
    this.servers = servers;
  }

  /** Whether this machine can start one: {@code redis-server} and {@code redis-cli} on the PATH. */
  public static boolean available() {
    return onPath("redis-server") && onPath("redis-cli");
  }

  public static synchronized RedisCluster get() {
    if (instance == null) {
      instance = start(0, 5000);
    }
    return instance;
  }

  /** A cluster of the caller's own, 3 masters and no replica: for a test that flushes a master. */
  public static RedisCluster ofItsOwn() {
    return start(0, 5000);
  }

  /**
   * A cluster of the caller's own, 3 masters each with one replica, whose replicas take over a
   * master that stops answering within about two seconds.
   */
  public static RedisCluster withReplicas() {
    return start(1, 1000);
  }

  /**
   * Points the application at a cluster of a test class's own, from its {@code
   * DynamicPropertySource}; nothing when there is none ({@code redis-server} is absent and the
   * class is skipped).
   */
  public static void use(RedisCluster cluster, DynamicPropertyRegistry registry) {
    if (cluster != null) {
      registry.add("spring.data.redis.cluster.nodes", cluster::nodes);
    }
  }

  /** {@code host:port,...} of the nodes, as {@code REDIS_CLUSTER_NODES} takes them. */
  public String nodes() {
    return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  /** The port of the master that serves {@code key} now. */
  public int masterOf(String key) {
    int port = ports.stream().filter(p -> servers.get(p).isAlive()).findFirst().orElseThrow();
    int slot = Integer.parseInt(cli(port, "cluster", "keyslot", key).trim());
    for (String line : cli(port, "cluster", "nodes").split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
        continue;
      }
      for (int i = 8; i < fields.length; i++) {
        String[] range = fields[i].split("-");
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        if (slot >= from && slot <= to) {
          return Integer.parseInt(
              fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
        }
      }
    }
    throw new IllegalStateException("no master serves slot " + slot);
  }

  /** The ports of the live masters that serve slots. */
  public List<Integer> masters() {
    int port = ports.stream().filter(p -> servers.get(p).isAlive()).findFirst().orElseThrow();
    var masters = new ArrayList<Integer>();
    for (String line : cli(port, "cluster", "nodes").split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length >= 9 && fields[2].contains("master") && !fields[2].contains("fail")) {
        masters.add(
            Integer.parseInt(
                fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@'))));
      }
    }
    return masters;
  }

  /** One command to the node on {@code port}, through {@code redis-cli}: its output. */
  public String command(int port, String... command) {
    return cli(port, command);
  }

  /** Kills the node on {@code port} with SIGKILL, as a crashed machine stops. */
  public void kill(int port) throws InterruptedException {
    servers.get(port).destroyForcibly().waitFor();
  }

  /** Whether every live node says the cluster is {@code ok} (all slots served). */
  public boolean healthy() {
    return ports.stream()
        .filter(p -> servers.get(p).isAlive())
        .allMatch(p -> cli(p, "cluster", "info").contains("cluster_state:ok"));
  }

  @Override
  public void close() {
    servers.values().forEach(Process::destroyForcibly);
  }

  private static RedisCluster start(int replicas, int nodeTimeoutMillis) {
    try {
      Path directory = Files.createTempDirectory("allegro-test-cluster");
      var ports = new ArrayList<Integer>();
      var servers = new LinkedHashMap<Integer, Process>();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> servers.values().forEach(Process::destroy)));
      for (int i = 0; i < MASTERS * (1 + replicas); i++) {
        int port = FreePorts.find();
        Path dir = Files.createDirectories(directory.resolve(Integer.toString(port)));
        servers.put(
            port,
            new ProcessBuilder(
                    "redis-server",
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    Integer.toString(nodeTimeoutMillis),
                    // a replica takes over however long ago it last heard its master: under a
                    // loaded machine its link may have lagged
                    "--cluster-replica-validity-factor",
                    "0",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start());
        ports.add(port);
      }
      for (int port : ports) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> cli(port, "ping").contains("PONG"));
      }
      var create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      ports.forEach(p -> create.add("127.0.0.1:" + p));
      create.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
      run(create);
      for (int port : ports) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> cli(port, "cluster", "info").contains("cluster_state:ok"));
      }
      return new RedisCluster(List.copyOf(ports), servers);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start a Redis Cluster", e);
    }
  }

  private static String cli(int port, String... command) {
    var args = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
    args.addAll(List.of(command));
    return run(args);
  }

  private static String run(List<String> command) {
    try {
      var process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
