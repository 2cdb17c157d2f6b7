package dev.allegro.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimeoutWatchdogTest {

  private final TimeoutWatchdog watchdog = new TimeoutWatchdog();

  @BeforeEach
  void start() {
    watchdog.start();
  }

  @AfterEach
  void stop() {
    watchdog.stop();
  }

  @Test
  void anAttemptPastItsTimeoutIsInterruptedAndEndsAsTimedOut() throws Exception {
    var outcome = new AtomicReference<Boolean>();
    var interrupted = new AtomicReference<Boolean>(false);
    var worker =
        Thread.ofVirtual()
            .start(
                () -> {
                  var attempt =
                      watchdog.watch(Duration.ofMillis(100), Duration.ofHours(1), t -> {});
                  try {
                    new CountDownLatch(1).await();
                  } catch (InterruptedException e) {
                    interrupted.set(true);
                  }
                  outcome.set(attempt.end());
                });

    worker.join(Duration.ofSeconds(5));
    assertThat(interrupted.get()).isTrue();
    assertThat(outcome.get()).as("timed out").isTrue();
  }

  @Test
  void anAttemptThatEndsInTimeIsNeitherInterruptedNorTimedOut() throws Exception {
    var attempt = watchdog.watch(Duration.ofMillis(200), Duration.ofHours(1), t -> {});

    assertThat(attempt.end()).isFalse();
    await()
        .pollInSameThread()
        .during(Duration.ofMillis(400))
        .atMost(Duration.ofSeconds(1))
        .until(() -> !Thread.currentThread().isInterrupted());
  }

  @Test
  void anAttemptDeafToItsInterruptIsReportedOnceItsLeaseIsOverToo() throws Exception {
    var reported = new AtomicReference<Thread>();
    var release = new CountDownLatch(1);
    var worker =
        Thread.ofVirtual()
            .start(
                () -> {
                  var attempt =
                      watchdog.watch(Duration.ofMillis(50), Duration.ofMillis(200), reported::set);
                  while (release.getCount() > 0) {
                    try {
                      release.await();
                    } catch (InterruptedException deaf) {
                      // ignores its interrupt, as a stubborn handler does
                    }
                  }
                  attempt.end();
                });

    await().atMost(Duration.ofSeconds(5)).until(() -> reported.get() == worker);
    release.countDown();
    worker.join(Duration.ofSeconds(5));
  }
}
