package dev.allegro.cli;

import java.io.File;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes a {@link StartupCache}: extracts the jar next to it and records the archive with a run of
 * {@link WarmUpCommand}. One process at a time, under a file lock; what each step did goes to
 * {@code prepare.log} in the cache's directory. A preparation that failed is not tried again for
 * the same jar and JDK.
 */
final class CachePreparation {

  private static final String FAILED = ".failed";
  private static final String LOCK = "prepare.lock";
  private static final String LOG = "prepare.log";
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

  private final StartupCache cache;

  CachePreparation(StartupCache cache) {
    this.cache = cache;
  }

  /**
   * Starts {@link #run()} in a JVM of its own that outlives this one, unless the cache is ready,
   * being made, or failed for this jar and JDK.
   */
  void startInBackground() {
    if (cache.ready() || Files.exists(cache.root().resolve(cache.key() + FAILED)) || !lockFree()) {
      return;
    }
    try {
      Files.createDirectories(cache.root());
      new ProcessBuilder(
              StartupCache.javaBinary(),
              "-XX:TieredStopAtLevel=1",
              "-XX:+UseSerialGC",
              "-D" + StartupCache.RELAUNCHED + "=true",
              "-D" + StartupCache.ARCHIVE + "=" + (cache.aotCache() ? "aot" : "cds"),
              "-jar",
              cache.jar().toString(),
              PrepareCommand.NAME)
          .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
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
  void run() throws IOException, InterruptedException {
    Files.createDirectories(cache.root());
    try (var lock =
        FileChannel.open(
            cache.root().resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      lock.lock(); // released when the channel closes
      if (cache.ready()) {
        return;
      }
      Files.writeString(log(), ""); // the last preparation's was of an older jar
      Path building = cache.directory();
      deleteTree(building); // an attempt that did not finish
      log("preparing the start-up cache of " + cache.jar() + " in " + building);
      try {
        step(
            List.of(
                StartupCache.javaBinary(),
                "-Djarmode=tools",
                "-jar",
                cache.jar().toString(),
                "extract",
                "--destination",
                building.toString()));
        var training = new ArrayList<String>();
        training.add(StartupCache.javaBinary());
        training.add(
            (cache.aotCache() ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=")
                + cache.archive(building));
        training.addAll(StartupCache.childOptions());
        if (cache.aotCache()) {
          // the classes it cannot keep (picocli's, compiled for Java 5, proxies) are no news
          training.add("-Xlog:aot=error:stderr");
        }
        training.addAll(
            List.of(
                "-jar",
                building.resolve(cache.jar().getFileName()).toString(),
                WarmUpCommand.NAME));
        step(training);
        if (!Files.exists(cache.archive(building))) {
          throw new IOException("the training run wrote no archive");
        }
        cache.markReady();
        removeOthers();
        log("start-up cache ready");
      } catch (IOException | RuntimeException e) {
        Files.writeString(cache.root().resolve(cache.key() + FAILED), e.toString());
        deleteTree(building);
        log("could not prepare the start-up cache: " + e);
        throw e;
      }
    }
  }

  private boolean lockFree() {
    Path lock = cache.root().resolve(LOCK);
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
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
            .start();
    if (!process.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + command.getLast());
    }
    if (process.exitValue() != 0) {
      throw new IOException("exit " + process.exitValue() + ": " + String.join(" ", command));
    }
  }

  /** The caches of older jars and other JDKs, and their failure marks. */
  private void removeOthers() throws IOException {
    try (Stream<Path> entries = Files.list(cache.root())) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!name.equals(cache.key()) && !name.equals(LOCK) && !name.equals(LOG)) {
          deleteTree(entry);
        }
      }
    }
  }

  private Path log() {
    return cache.root().resolve(LOG);
  }

  private void log(String line) throws IOException {
    Files.writeString(
        log(),
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

  private static File nullDevice() {
    boolean windows = System.getProperty("os.name", "").startsWith("Windows");
    return new File(windows ? "NUL" : "/dev/null");
  }
}
