package dev.allegro.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Makes the {@link StartupCache} of this jar; the launcher starts it in the background. */
@Command(name = PrepareCommand.NAME, hidden = true)
final class PrepareCommand implements Callable<Integer> {

  static final String NAME = "cli:prepare";

  @Override
  public Integer call() throws Exception {
    var cache =
        StartupCache.forRunningJar()
            .orElseThrow(() -> new IllegalArgumentException("not started with java -jar"));
    new CachePreparation(cache).run();
    return 0;
  }
}
