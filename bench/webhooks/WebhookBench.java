// The webhook benchmark (issue 14); run through run.sh (java -cp <extracted jar> WebhookBench.java).
import com.sun.net.httpserver.HttpServer;
import dev.allegro.AllegroApplication;
import dev.allegro.auth.Abilities;
import dev.allegro.auth.AccessTokens;
import dev.allegro.auth.Users;
import dev.allegro.jobs.HorizonControl;
import dev.allegro.jobs.JobMonitor;
import dev.allegro.jobs.internal.Supervisor;
import dev.allegro.tenancy.NewTenant;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.Tenants;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One JVM: the platform (web + worker, 5 workers) and a loopback receiver. Events go in through
 * {@code POST /api/events} (the SDK's batch form), through the outbox to one webhook endpoint.
 *
 * <ol>
 *   <li>deliveries per second: workers paused while N events become N queued deliveries, then
 *       resumed; the clock runs from resume to the N-th request at the receiver (answering at once,
 *       then after 200 ms);
 *   <li>end-to-end lag at a fixed rate: batches of 10 events every 10 ms (1,000 events/s) for a
 *       while, each event's lag from its ingestion request's answer to its arrival at the receiver.
 * </ol>
 */
public class WebhookBench {

  static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static volatile long delayMillis;
  static final AtomicInteger received = new AtomicInteger();
  static volatile AtomicLongArray arrivals = new AtomicLongArray(1);

  public static void main(String[] args) throws Exception {
    int immediate = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int delayed = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int lagSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    int[] rates =
        Arrays.stream((args.length > 3 ? args[3] : "1000,500").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int port = Integer.parseInt(env("SERVER_PORT", "18094"));
    String prefix = "bench" + ProcessHandle.current().pid() + ":";
    var receiver = receiver();
    try (var context = start(prefix, port)) {
      String base = "http://127.0.0.1:" + port;
      Tenant tenant =
          context
              .getBean(Tenants.class)
              .create(new NewTenant("hooks", "Hooks", List.of("hooks.localhost")));
      var users = context.getBean(Users.class);
      var user = users.create("bench@hooks.localhost", null, false);
      users.addMember(user.id(), tenant.id(), "member");
      String token =
          context
              .getBean(AccessTokens.class)
              .create(user.id(), "bench", new Abilities(List.of("webhooks:manage")), null)
              .plainText();
      var created =
          send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/webhooks"))
                  .header("Host", "hooks.localhost")
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"url\":\"http://127.0.0.1:"
                              + receiver.getAddress().getPort()
                              + "/hook\",\"event_types\":[\"*\"]}"))
                  .build());
      if (created.statusCode() != 201) {
        throw new IllegalStateException("endpoint not created: " + created.body());
      }
      var horizon = context.getBean(HorizonControl.class);
      var monitor = context.getBean(JobMonitor.class);
      context.getBean(Supervisor.class).start();
      if (!await(() -> received.get() >= 1, Duration.ofSeconds(30))) {
        throw new IllegalStateException("the endpoint's ping never arrived");
      }

      System.out.println("== deliveries per second, 5 workers, loopback receiver");
      throughput(base, horizon, monitor, immediate, 0);
      throughput(base, horizon, monitor, delayed, 200);
      for (int rate : rates) {
        System.out.printf("== end-to-end lag at %,d events/s for %d s%n", rate, lagSeconds);
        lag(base, rate, lagSeconds);
      }
    } finally {
      receiver.stop(0);
    }
    System.exit(0);
  }

  static void throughput(String base, HorizonControl horizon, JobMonitor monitor, int n, long delay)
      throws Exception {
    delayMillis = delay;
    horizon.pause();
    LockSupport.parkNanos(Duration.ofMillis(1500).toNanos());
    reset(n);
    long readyBefore = monitor.size("default").ready();
    for (int sent = 0; sent < n; sent += 50) {
      ingest(base, sent, Math.min(50, n - sent));
    }
    await(() -> monitor.size("default").ready() - readyBefore >= n, Duration.ofMinutes(5));
    long start = System.nanoTime();
    horizon.resume();
    await(() -> received.get() >= n, Duration.ofMinutes(10));
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "receiver answering %s: %,d deliveries in %.2f s = %,.0f deliveries/s%s%n",
        delay == 0 ? "at once" : "after " + delay + " ms",
        n,
        seconds,
        n / seconds,
        delay == 0 ? "" : String.format(" (ceiling 5 workers x 1000/%d = %.0f/s)", delay, 5000.0 / delay));
  }

  static void lag(String base, int rate, int seconds) throws Exception {
    delayMillis = 0;
    int batch = 10;
    long intervalNanos = 1_000_000_000L * batch / rate;
    int total = rate * seconds;
    reset(total);
    long[] accepted = new long[total];
    // A batch is due every interval whatever the previous one's answer time: 8 senders share them.
    var senders = Executors.newFixedThreadPool(8);
    var failures = new java.util.concurrent.atomic.AtomicReference<Exception>();
    var late = new AtomicInteger();
    long start = System.nanoTime();
    for (int sent = 0, tick = 0; sent < total; sent += batch, tick++) {
      long due = start + tick * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int first = sent;
      senders.execute(
          () -> {
            if (System.nanoTime() - due > intervalNanos) {
              late.incrementAndGet();
            }
            try {
              ingest(base, first, batch);
              Arrays.fill(accepted, first, first + batch, System.nanoTime());
            } catch (Exception e) {
              failures.set(e);
            }
          });
    }
    senders.shutdown();
    senders.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES);
    if (failures.get() != null) {
      throw failures.get();
    }
    double sendSeconds = (System.nanoTime() - start) / 1e9;
    boolean all = await(() -> received.get() >= total, Duration.ofMinutes(3));
    var lags = new ArrayList<Long>(total);
    for (int i = 0; i < total; i++) {
      long at = arrivals.get(i);
      if (at != 0) {
        lags.add(at - accepted[i]);
      }
    }
    lags.sort(null);
    System.out.printf(
        "sent %,d events in %.1f s (%,.0f events/s, %d batches more than one interval late);"
            + " delivered %,d%s%n",
        total,
        sendSeconds,
        total / sendSeconds,
        late.get(),
        lags.size(),
        all ? "" : " (gave up waiting for the rest)");
    System.out.printf(
        "lag (ingestion answer -> receiver): p50=%.1f ms p99=%.1f ms max=%.1f ms%n",
        pct(lags, 0.50), pct(lags, 0.99), lags.getLast() / 1e6);
  }

  static double pct(List<Long> sorted, double p) {
    int i = Math.min(sorted.size() - 1, (int) Math.floor(sorted.size() * p));
    return sorted.get(i) / 1e6;
  }

  static void reset(int n) {
    arrivals = new AtomicLongArray(n);
    received.set(0);
  }

  /** One batch of events, {@code data.seq} numbered from {@code first}. */
  static void ingest(String base, int first, int count) throws Exception {
    var body = new StringBuilder("{\"events\":[");
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append("{\"type\":\"page_view\",\"session_id\":\"s-")
          .append(first + i)
          .append("\",\"url\":\"https://shop.example/books/1\",\"data\":{\"seq\":")
          .append(first + i)
          .append("}}");
    }
    body.append("]}");
    var answer =
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/events"))
                .header("Host", "hooks.localhost")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    if (answer.statusCode() / 100 != 2) {
      throw new IllegalStateException("ingestion answered " + answer.statusCode() + ": " + answer.body());
    }
  }

  static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static HttpServer receiver() throws Exception {
    var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    server.setExecutor(Executors.newFixedThreadPool(32));
    server.createContext(
        "/",
        exchange -> {
          String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          long delay = delayMillis;
          if (delay > 0) {
            LockSupport.parkNanos(Duration.ofMillis(delay).toNanos());
          }
          var seq = SEQ.matcher(body);
          if (seq.find()) {
            int i = Integer.parseInt(seq.group(1));
            var at = arrivals;
            if (i < at.length() && at.compareAndSet(i, 0, System.nanoTime())) {
              received.incrementAndGet();
            }
          } else {
            received.incrementAndGet(); // the ping
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  static boolean await(java.util.function.BooleanSupplier done, Duration atMost) {
    long until = System.nanoTime() + atMost.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > until) {
        return false;
      }
      LockSupport.parkNanos(2_000_000);
    }
    return true;
  }

  static ConfigurableApplicationContext start(String prefix, int port) {
    return new SpringApplicationBuilder(AllegroApplication.class)
        .run(
            "--spring.datasource.url=" + env("DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
            "--spring.datasource.username=" + env("DB_USERNAME", "postgres"),
            "--spring.datasource.password=" + env("DB_PASSWORD", ""),
            "--spring.data.redis.host=" + env("REDIS_HOST", "127.0.0.1"),
            "--spring.data.redis.port=" + env("REDIS_PORT", "6379"),
            "--allegro.roles=web",
            "--server.port=" + port,
            "--management.server.port=" + env("MANAGEMENT_PORT", "18095"),
            "--allegro.redis-prefix=" + prefix,
            "--allegro.jobs.prefix=" + prefix + "horizon:",
            "--allegro.jobs.supervisor.max-processes=5",
            "--allegro.jobs.supervisor.min-processes=5",
            "--allegro.webhooks.allow-private=true",
            "--allegro.tracking.sdk-rate-limit-per-minute=0",
            "--allegro.landlord-domains=localhost",
            "--logging.level.root=WARN");
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
