package dev.allegro.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records each requested pause and returns at once (still honouring an interrupt). */
final class RecordingSleeper implements Sleeper {

  final List<Duration> pauses = new CopyOnWriteArrayList<>();

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    pauses.add(duration);
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Thread.onSpinWait();
  }
}
