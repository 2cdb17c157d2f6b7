package dev.allegro.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * Lets a one-shot command start in about a second instead of three to four.
 *
 * <p>Most of a command's start-up is loading some 9,000 classes, from jars nested in the executable
 * jar. A JVM can instead map them, already parsed and linked, from an archive: an AOT cache on JDK
 * 25 and later (JEP 483, 514), a dynamic CDS archive on JDK 21 to 24. That takes plain jars and a
 * flag on the {@code java} command line, which a user typing {@code java -jar allegro.jar
 * tenant:list} does not give. So the launcher keeps, next to the jar, an extracted copy of it with
 * such an archive, made once per jar and JDK in the background after the first command that found
 * none, and runs later commands in a child JVM started with it: same arguments, same environment,
 * same terminal, the child's exit code.
 *
 * <p>Until the archive is ready ({@link CachePreparation} makes it), and always for {@code serve},
 * {@code horizon} and {@code schedule}, commands run in the launching JVM.
 */
final class StartupCache {

  /** Set on the child's command line: the child runs the command itself. */
  static final String RELAUNCHED = "allegro.cli.relaunched";

  /**
   * {@code -Dallegro.cli.archive=cds} on the launcher's command line: a CDS archive also on JDK 25
   * and later, as JDK 21 to 24 get.
   */
  static final String ARCHIVE = "allegro.cli.archive";

  private static final String READY = "ready";

  private final Path jar;
  private final Path root;
  private final String key;
  private final boolean aotCache;

  private StartupCache(Path jar, Path root, String key, boolean aotCache) {
    this.jar = jar;
    this.root = root;
    this.key = key;
    this.aotCache = aotCache;
  }

  /** Whether this JVM is the child a launcher started to run the command. */
  static boolean relaunched() {
    return Boolean.getBoolean(RELAUNCHED);
  }

  /**
   * The cache of the executable jar this JVM was started from with {@code java -jar}; empty when it
   * was started otherwise (tests, an IDE) or the cache has no place to live.
   */
  static Optional<StartupCache> forRunningJar() {
    String classPath = System.getProperty("java.class.path", "");
    if (classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
      return Optional.empty();
    }
    return forJar(Path.of(classPath));
  }

  /** The cache of this executable jar, as a JVM like this one would use it. */
  static Optional<StartupCache> forJar(Path path) {
    Path jar = path.toAbsolutePath().normalize();
    try (var file = new JarFile(jar.toFile())) {
      var manifest = file.getManifest();
      if (manifest == null || manifest.getMainAttributes().getValue("Start-Class") == null) {
        return Optional.empty(); // not the executable jar (an extracted copy, say)
      }
      String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
      Path root = jar.resolveSibling(name + "-startup");
      if (!Files.isWritable(jar.getParent()) && !Files.isDirectory(root)) {
        root =
            Path.of(System.getProperty("java.io.tmpdir"))
                .resolve(name + "-startup-" + Integer.toHexString(jar.toString().hashCode()));
      }
      boolean aotCache =
          Runtime.version().feature() >= 25 && !"cds".equals(System.getProperty(ARCHIVE));
      String identity =
          String.join(
              "|",
              jar.toString(),
              Long.toString(Files.size(jar)),
              Files.getLastModifiedTime(jar).toString(),
              System.getProperty("java.home"),
              System.getProperty("java.vm.version"),
              aotCache ? "aot" : "cds");
      return Optional.of(
          new StartupCache(jar, root, Integer.toHexString(identity.hashCode()), aotCache));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  boolean ready() {
    return Files.exists(directory().resolve(READY));
  }

  /** Marks the cache in {@link #directory()} complete. */
  void markReady() throws IOException {
    Files.writeString(directory().resolve(READY), Instant.now().toString());
  }

  Path jar() {
    return jar;
  }

  /** Where the caches of this jar live, one directory each. */
  Path root() {
    return root;
  }

  /** This jar's and JDK's, under {@link #root()}. */
  String key() {
    return key;
  }

  Path directory() {
    return root.resolve(key);
  }

  boolean aotCache() {
    return aotCache;
  }

  /**
   * Runs the command in a child JVM that maps the archive, with the JVM options the launcher was
   * given; returns the child's exit code. Empty when this JVM's command line is not known.
   */
  Optional<Integer> run(String[] args) {
    var options = launcherOptions();
    if (options.isEmpty()) {
      return Optional.empty();
    }
    Path directory = directory();
    var command = new ArrayList<String>();
    command.add(javaBinary());
    command.addAll(options.get());
    command.add(
        aotCache
            ? "-XX:AOTCache=" + archive(directory)
            : "-XX:SharedArchiveFile=" + archive(directory));
    command.addAll(childOptions());
    command.add("-jar");
    command.add(directory.resolve(jar.getFileName()).toString());
    command.addAll(List.of(args));
    try {
      var child = new ProcessBuilder(command).inheritIO().start();
      var forward =
          new Thread(
              () -> {
                // SIGTERM to the launcher: the child gets it too, and the launcher waits for it
                child.destroy();
                try {
                  child.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "allegro-child-stop");
      Runtime.getRuntime().addShutdownHook(forward);
      int exitCode = child.waitFor();
      Runtime.getRuntime().removeShutdownHook(forward);
      return Optional.of(exitCode);
    } catch (IOException e) {
      return Optional.empty(); // no java binary to start: run here
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(130);
    }
  }

  /**
   * The child's JVM: C1 only and the serial collector, which start faster; unified logging on
   * stderr, so that stdout carries only what the command prints.
   */
  static List<String> childOptions() {
    return List.of(
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Xlog:disable",
        "-Xlog:all=warning:stderr",
        "-D" + RELAUNCHED + "=true");
  }

  Path archive(Path directory) {
    return directory.resolve(aotCache ? "allegro.aot" : "allegro.jsa");
  }

  /** The JVM options this launcher was started with (before {@code -jar}), when known. */
  private Optional<List<String>> launcherOptions() {
    var arguments = ProcessHandle.current().info().arguments();
    if (arguments.isEmpty()) {
      return Optional.empty();
    }
    var options = new ArrayList<String>();
    for (String argument : arguments.get()) {
      if (argument.equals("-jar")) {
        return Optional.of(options);
      }
      options.add(argument);
    }
    return Optional.empty();
  }

  static String javaBinary() {
    boolean windows = System.getProperty("os.name", "").startsWith("Windows");
    return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java")
        .toString();
  }
}
