package dev.allegro.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

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
 * <p>Until the archive is ready, where the jar's directory cannot be written to, and always for
 * {@code serve}, {@code horizon} and {@code schedule}, commands run in the launching JVM.
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
  private static final String FAILED = ".failed";
  private static final String LOCK = "prepare.lock";
  private static final String LOG = "prepare.log";
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

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
    return Files.exists(root.resolve(key).resolve(READY));
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
    Path directory = root.resolve(key);
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
   * Starts {@link #prepare()} in a JVM of its own that outlives this one, unless the cache is
   * ready, being made, or failed for this jar and JDK.
   */
  void prepareInBackground() {
    if (ready() || Files.exists(root.resolve(key + FAILED)) || !lockFree()) {
      return;
    }
    try {
      Files.createDirectories(root);
      new ProcessBuilder(
              javaBinary(),
              "-XX:TieredStopAtLevel=1",
              "-XX:+UseSerialGC",
              "-D" + RELAUNCHED + "=true",
              "-D" + ARCHIVE + "=" + (aotCache ? "aot" : "cds"),
              "-jar",
              jar.toString(),
              PrepareCommand.NAME)
          .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(LOG).toFile()))
          .start();
    } catch (IOException | UncheckedIOException e) {
      // no cache then: commands keep running in the launching JVM
    }
  }

  /**
   * Extracts the jar and records the archive with a run of {@link WarmUpCommand}, then marks the
   * cache ready (in place: the archive names the jars by their path); removes the caches of older
   * jars. While another process prepares it, waits for that one, and then finds it ready.
   */
  void prepare() throws IOException, InterruptedException {
    Files.createDirectories(root);
    try (var lock =
        FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      lock.lock(); // released when the channel closes
      if (ready()) {
        return;
      }
      Path building = root.resolve(key);
      deleteTree(building); // an attempt that did not finish
      log("preparing the start-up cache of " + jar + " in " + root.resolve(key));
      try {
        step(
            List.of(
                javaBinary(),
                "-Djarmode=tools",
                "-jar",
                jar.toString(),
                "extract",
                "--destination",
                building.toString()));
        var training = new ArrayList<String>();
        training.add(javaBinary());
        training.add(
            (aotCache ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive(building));
        training.addAll(childOptions());
        if (aotCache) {
          // the classes it cannot keep (picocli's, compiled for Java 5, proxies) are no news
          training.add("-Xlog:aot=error:stderr");
        }
        training.addAll(
            List.of("-jar", building.resolve(jar.getFileName()).toString(), WarmUpCommand.NAME));
        step(training);
        if (!Files.exists(archive(building))) {
          throw new IOException("the training run wrote no archive");
        }
        Files.writeString(building.resolve(READY), Instant.now().toString());
        removeOthers();
        log("start-up cache ready");
      } catch (IOException | RuntimeException e) {
        Files.writeString(root.resolve(key + FAILED), e.toString());
        deleteTree(building);
        log("could not prepare the start-up cache: " + e);
        throw e;
      }
    }
  }

  /**
   * The child's JVM: C1 only and the serial collector, which start faster; unified logging on
   * stderr, so that stdout carries only what the command prints.
   */
  private static List<String> childOptions() {
    return List.of(
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Xlog:disable",
        "-Xlog:all=warning:stderr",
        "-D" + RELAUNCHED + "=true");
  }

  private Path archive(Path directory) {
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

  private boolean lockFree() {
    Path lock = root.resolve(LOCK);
    if (!Files.exists(lock)) {
      return true;
    }
    try (var channel = FileChannel.open(lock, StandardOpenOption.WRITE);
        var held = channel.tryLock()) {
      return held != null;
    } catch (IOException e) {
      return false;
    }
  }

  private void step(List<String> command) throws IOException, InterruptedException {
    log(String.join(" ", command));
    var process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(LOG).toFile()))
            .start();
    if (!process.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + command.getLast());
    }
    if (process.exitValue() != 0) {
      throw new IOException("exit " + process.exitValue() + ": " + String.join(" ", command));
    }
  }

  private void removeOthers() throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!name.equals(key) && !name.equals(LOCK) && !name.equals(LOG)) {
          deleteTree(entry);
        }
      }
    }
  }

  private void log(String line) throws IOException {
    Files.writeString(
        root.resolve(LOG),
        Instant.now() + " " + line + System.lineSeparator(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static void deleteTree(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static String javaBinary() {
    boolean windows = System.getProperty("os.name", "").startsWith("Windows");
    return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java")
        .toString();
  }

  private static java.io.File nullDevice() {
    boolean windows = System.getProperty("os.name", "").startsWith("Windows");
    return new java.io.File(windows ? "NUL" : "/dev/null");
  }
}
