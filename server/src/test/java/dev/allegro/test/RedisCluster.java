package dev.allegro.test;

import dev.allegro.system.embedded.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A 3-master Redis Cluster on free loopback ports, made from the machine's {@code redis-server} and
 * {@code redis-cli} (about two seconds), once per test JVM and stopped when it exits. Tests of
 * Redis-backed features run on it through {@link OnRedisCluster}; a machine without {@code
 * redis-server} skips them.
 */
public final class RedisCluster {

  private static final int MASTERS = 3;
  private static RedisCluster instance;

  private final List<Integer> ports;
  private final List<Process> servers;

  private RedisCluster(List<Integer> ports, List<Process> servers) {
    this.ports = ports;
    this.servers = servers;
  }

  /** Whether this machine can start one: {@code redis-server} and {@code redis-cli} on the PATH. */
  public static boolean available() {
    return onPath("redis-server") && onPath("redis-cli");
  }

  public static synchronized RedisCluster get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  /** {@code host:port,...} of the masters, as {@code REDIS_CLUSTER_NODES} takes them. */
  public String nodes() {
    return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  private static RedisCluster start() {
    try {
      Path directory = Files.createTempDirectory("allegro-test-cluster");
      var ports = new ArrayList<Integer>();
      var servers = new ArrayList<Process>();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> servers.forEach(Process::destroy)));
      for (int i = 0; i < MASTERS; i++) {
        int port = FreePorts.find();
        Path dir = Files.createDirectories(directory.resolve(Integer.toString(port)));
        servers.add(
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
                    "5000",
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
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
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
