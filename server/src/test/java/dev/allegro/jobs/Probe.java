package dev.allegro.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Test jobs that record what ran, when, in which order. */
final class Probe {

  static final ConcurrentLinkedQueue<String> started = new ConcurrentLinkedQueue<>();
  static final ConcurrentLinkedQueue<String> finished = new ConcurrentLinkedQueue<>();
  static final Map<String, List<Instant>> attempts = new ConcurrentHashMap<>();
  static final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  static final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

  private Probe() {}

  /** Records its key. */
  record Mark(String key) implements Job {}

  /** Waits until the test opens its gate. */
  record Hold(String key) implements Job {}

  /** Waits until the test opens its gate, ignoring interrupts (a handler deaf to its timeout). */
  record Stubborn(String key) implements Job {}

  /** Throws on its first {@code failures} attempts. */
  record Flaky(String key, int failures) implements Job {}

  static CountDownLatch gate(String key) {
    return gates.computeIfAbsent(key, k -> new CountDownLatch(1));
  }

  static int runsOf(String key) {
    var count = runs.get(key);
    return count == null ? 0 : count.get();
  }

  private static void attempt(String key) {
    started.add(key);
    attempts.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(Instant.now());
    runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Handlers {

    @Bean
    JobHandler<Mark> markHandler() {
      return new JobHandler<>() {
        public String type() {
          return "test.mark";
        }

        public Class<Mark> jobClass() {
          return Mark.class;
        }

        public void handle(Mark job) {
          attempt(job.key());
          finished.add(job.key());
        }
      };
    }

    @Bean
    JobHandler<Hold> holdHandler() {
      return new JobHandler<>() {
        public String type() {
          return "test.hold";
        }

        public Class<Hold> jobClass() {
          return Hold.class;
        }

        public void handle(Hold job) throws InterruptedException {
          attempt(job.key());
          gate(job.key()).await();
          finished.add(job.key());
        }
      };
    }

    @Bean
    JobHandler<Stubborn> stubbornHandler() {
      return new JobHandler<>() {
        public String type() {
          return "test.stubborn";
        }

        public Class<Stubborn> jobClass() {
          return Stubborn.class;
        }

        public void handle(Stubborn job) {
          attempt(job.key());
          while (true) {
            try {
              gate(job.key()).await();
              return;
            } catch (InterruptedException ignored) {
              // deaf to interrupts
            }
          }
        }
      };
    }

    @Bean
    JobHandler<Flaky> flakyHandler() {
      return new JobHandler<>() {
        public String type() {
          return "test.flaky";
        }

        public Class<Flaky> jobClass() {
          return Flaky.class;
        }

        public void handle(Flaky job) {
          attempt(job.key());
          if (runsOf(job.key()) <= job.failures()) {
            throw new IllegalStateException("flaky attempt " + runsOf(job.key()));
          }
          finished.add(job.key());
        }
      };
    }
  }
}
