import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak test's load and its bookkeeping (run by run.sh, which starts the servers and the node):
 * a fixed-rate, open-loop mix of batched and single ingestion and heartbeats; consumers that drain
 * the Event and Heartbeat Queues and pull a subscription queue; a slow webhook receiver; jobs on
 * all three job queues. Every 10 s it samples the node's heap and RSS and Redis's memory; every
 * minute it writes each endpoint's p50/p99 (measured from the moment the request was due, so a
 * stalled server shows as latency, not as fewer requests). At the end the load stops, the
 * consumers drain, and what was accepted is reconciled with PostgreSQL, the queues, the receiver
 * and the job tallies.
 *
 * <p>java Soak.java, with the settings in environment variables (see run.sh).
 */
public class Soak {

  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .build();

  static final String URL = env("SOAK_URL");
  static final String MANAGEMENT = env("SOAK_MANAGEMENT_URL");
  static final String TENANT_HOST = env("SOAK_TENANT_HOST");
  static final String TENANT_TOKEN = env("SOAK_TENANT_TOKEN");
  static final String APP_TOKEN = env("SOAK_APP_TOKEN");
  static final String LANDLORD_HOST = env("SOAK_LANDLORD_HOST");
  static final long SERVER_PID = Long.parseLong(env("SOAK_SERVER_PID"));
  static final Path OUT = Path.of(env("SOAK_OUT"));
  static final int MINUTES = Integer.parseInt(env("SOAK_MINUTES"));
  static final int BATCH_RPS = Integer.parseInt(env("SOAK_BATCH_RPS"));
  static final int SINGLE_RPS = Integer.parseInt(env("SOAK_SINGLE_RPS"));
  static final int HEARTBEAT_RPS = Integer.parseInt(env("SOAK_HEARTBEAT_RPS"));
  static final int JOBS_PER_MINUTE = Integer.parseInt(env("SOAK_JOBS_PER_MINUTE"));
  static final long RECEIVER_DELAY_MS = Long.parseLong(env("SOAK_RECEIVER_DELAY_MS"));
  static final String JAR = env("SOAK_JAR");
  static final String JAVA = env("SOAK_JAVA");

  static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");
  static final Pattern ACK = Pattern.compile("\"ack_id\":\"([^\"]+)\"");
  static final Pattern PULLED_EVENT = Pattern.compile("\"tenant\":\"");

  /** Counters of what the server accepted and what came out the other side. */
  static final AtomicLong acceptedEvents = new AtomicLong();
  static final AtomicLong acceptedPurchases = new AtomicLong();
  static final AtomicLong acceptedCarts = new AtomicLong();
  static final AtomicLong acceptedHeartbeats = new AtomicLong();
  static final AtomicLong refused = new AtomicLong();
  static final AtomicLong overloaded = new AtomicLong();
  static final AtomicLong drainedEvents = new AtomicLong();
  static final AtomicLong drainedHeartbeats = new AtomicLong();
  static final AtomicLong pulled = new AtomicLong();
  static final AtomicLong dispatchedJobs = new AtomicLong();
  static final Set<String> delivered = ConcurrentHashMap.newKeySet();
  static final AtomicLong deliveries = new AtomicLong();

  static final Map<String, Histogram> latencies = new LinkedHashMap<>();
  static volatile boolean loading = true;
  static volatile boolean consuming = true;

  public static void main(String[] args) throws Exception {
    Files.createDirectories(OUT);
    for (String name :
        List.of(
            "POST /api/events (50)",
            "POST /api/events (1)",
            "POST /api/heartbeat",
            "GET /api/platform/events",
            "DELETE /api/platform/events",
            "GET /api/platform/heartbeats",
            "DELETE /api/platform/heartbeats",
            "POST /api/v1/queues/{code}/events/pull")) {
      latencies.put(name, new Histogram());
    }
    int receiverPort = startReceiver();
    String endpoint =
        post(
            URL + "/api/v1/webhooks",
            TENANT_HOST,
            TENANT_TOKEN,
            "{\"url\":\"http://127.0.0.1:"
                + receiverPort
                + "/hook\",\"event_types\":[\"purchase\"],\"description\":\"soak\"}");
    String queue =
        field(post(URL + "/api/v1/queues", LANDLORD_HOST, APP_TOKEN, "{\"name\":\"soak\"}"), "code");
    post(
        URL + "/api/v1/queues/" + queue + "/subscriptions",
        LANDLORD_HOST,
        APP_TOKEN,
        "{\"tenant\":\"" + TENANT_HOST.replace(".localhost", "") + "\",\"event_type\":\"add_to_cart\"}");
    System.out.printf(
        "webhook endpoint %s, subscription queue %s; load for %d min: %d batches/s of 50, %d"
            + " single/s, %d heartbeats/s, %d jobs/min per job queue, receiver delay %d ms%n",
        field(endpoint, "id"),
        queue,
        MINUTES,
        BATCH_RPS,
        SINGLE_RPS,
        HEARTBEAT_RPS,
        JOBS_PER_MINUTE,
        RECEIVER_DELAY_MS);

    var threads = new ArrayList<Thread>();
    threads.add(Thread.ofPlatform().start(() -> load(BATCH_RPS, Soak::batch)));
    threads.add(Thread.ofPlatform().start(() -> load(SINGLE_RPS, Soak::single)));
    threads.add(Thread.ofPlatform().start(() -> load(HEARTBEAT_RPS, Soak::heartbeat)));
    var consumers = new ArrayList<Thread>();
    consumers.add(Thread.ofVirtual().start(() -> drain("events", drainedEvents)));
    consumers.add(Thread.ofVirtual().start(() -> drain("heartbeats", drainedHeartbeats)));
    consumers.add(Thread.ofVirtual().start(() -> pull(queue)));
    var jobs = Thread.ofVirtual().start(Soak::jobs);

    Instant start = Instant.now();
    try (var samples = new PrintWriter(Files.newBufferedWriter(OUT.resolve("samples.csv")));
        var minutes = new PrintWriter(Files.newBufferedWriter(OUT.resolve("latency.csv")))) {
      samples.println(
          "seconds,server_cpu_cores,heap_used_mb,live_after_gc_mb,rss_mb,redis_used_mb,"
              + "accepted_events,drained_events,webhooks_delivered");
      double cpuBefore = cpuSeconds();
      long sampledAt = System.nanoTime();
      minutes.println("minute,endpoint,requests,p50_ms,p99_ms,max_ms");
      int minute = 0;
      var lastServed = ServerBuckets.of(prometheus(), SERVED_EVENTS);
      long end = start.plus(Duration.ofMinutes(MINUTES)).toEpochMilli();
      while (System.currentTimeMillis() < end) {
        Thread.sleep(10_000);
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        double cpu = cpuSeconds();
        long now = System.nanoTime();
        double cores = (cpu - cpuBefore) / ((now - sampledAt) / 1e9);
        cpuBefore = cpu;
        sampledAt = now;
        var prometheus = prometheus();
        samples.printf(
            "%d,%.2f,%.0f,%.0f,%.0f,%.1f,%d,%d,%d%n",
            seconds,
            cores,
            sum(prometheus, "jvm_memory_used_bytes{area=\"heap\"") / 1e6,
            sum(prometheus, "jvm_gc_live_data_size_bytes") / 1e6,
            rss() / 1e6,
            redisUsedMemory() / 1e6,
            acceptedEvents.get(),
            drainedEvents.get(),
            delivered.size());
        samples.flush();
        if (seconds / 60 > minute) {
          minute++;
          for (var entry : latencies.entrySet()) {
            var h = entry.getValue().takeSnapshot();
            minutes.printf(
                "%d,%s,%d,%.1f,%.1f,%.1f%n",
                minute, entry.getKey(), h.count(), h.quantile(0.5), h.quantile(0.99), h.max());
          }
          // the server's own time for the SDK's event requests (singles and batches together),
          // as bucket upper bounds: what the generator adds shows as the difference
          var served = ServerBuckets.of(prometheus, SERVED_EVENTS);
          minutes.printf(
              "%d,server: POST /api/events,%.0f,%.1f,%.1f,%n",
              minute,
              served.count(lastServed),
              served.quantileMs(lastServed, 0.5),
              served.quantileMs(lastServed, 0.99));
          lastServed = served;
          minutes.flush();
          System.out.printf(
              "minute %d: accepted %d events, drained %d, heartbeats %d/%d, pulled %d/%d,"
                  + " webhooks %d/%d, jobs dispatched %d, refused %d, overloaded %d, RSS %.0f MB,"
                  + " Redis %.0f MB%n",
              minute,
              acceptedEvents.get(),
              drainedEvents.get(),
              drainedHeartbeats.get(),
              acceptedHeartbeats.get(),
              pulled.get(),
              acceptedCarts.get(),
              delivered.size(),
              acceptedPurchases.get(),
              dispatchedJobs.get(),
              refused.get(),
              overloaded.get(),
              rss() / 1e6,
              redisUsedMemory() / 1e6);
        }
      }
    }
    loading = false;
    for (var t : threads) {
      t.join();
    }
    jobs.join();
    System.out.println("load stopped; waiting for the consumers and the webhook receiver");
    long deadline = System.currentTimeMillis() + 300_000;
    while (System.currentTimeMillis() < deadline
        && (drainedEvents.get() < acceptedEvents.get()
            || drainedHeartbeats.get() < acceptedHeartbeats.get()
            || pulled.get() < acceptedCarts.get()
            || delivered.size() < acceptedPurchases.get())) {
      Thread.sleep(1_000);
    }
    Thread.sleep(3_000); // anything pushed twice would arrive now
    consuming = false;
    for (var t : consumers) {
      t.join();
    }
    System.out.printf(
        "reconciliation: events accepted %d, drained from the Event Queue %d; heartbeats accepted"
            + " %d, drained %d; add_to_cart accepted %d, pulled from the subscription queue %d;"
            + " purchases accepted %d, webhook deliveries %d of %d distinct events; jobs"
            + " dispatched %d; requests refused %d, not sent for overload %d%n",
        acceptedEvents.get(),
        drainedEvents.get(),
        acceptedHeartbeats.get(),
        drainedHeartbeats.get(),
        acceptedCarts.get(),
        pulled.get(),
        acceptedPurchases.get(),
        deliveries.get(),
        delivered.size(),
        dispatchedJobs.get(),
        refused.get(),
        overloaded.get());
    Files.writeString(
        OUT.resolve("counts.env"),
        "ACCEPTED_EVENTS=%d%nDRAINED_EVENTS=%d%nACCEPTED_HEARTBEATS=%d%nDRAINED_HEARTBEATS=%d%nACCEPTED_CARTS=%d%nPULLED=%d%nACCEPTED_PURCHASES=%d%nDELIVERIES=%d%nDELIVERED=%d%nDISPATCHED_JOBS=%d%n"
            .formatted(
                acceptedEvents.get(),
                drainedEvents.get(),
                acceptedHeartbeats.get(),
                drainedHeartbeats.get(),
                acceptedCarts.get(),
                pulled.get(),
                acceptedPurchases.get(),
                deliveries.get(),
                delivered.size(),
                dispatchedJobs.get()));
    System.exit(0);
  }

  interface Request {
    void send(long dueNanos) throws Exception;
  }

  /**
   * Sends at a fixed rate whatever the answers' speed, after a linear ramp over the first 30 s (so
   * the server's JIT warms up under load rather than being buried at once); at most 2,000 in
   * flight per stream, beyond which a due request is counted as not sent.
   */
  static void load(int perSecond, Request request) {
    if (perSecond <= 0) {
      return;
    }
    var inFlight = new Semaphore(2_000);
    long interval = 1_000_000_000L / perSecond;
    long start = System.nanoTime();
    long ramp = TimeUnit.SECONDS.toNanos(30);
    long next = start;
    while (loading) {
      long elapsed = next - start;
      next += elapsed >= ramp ? interval : (long) (interval / Math.max(0.05, (double) elapsed / ramp));
      long wait = next - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      long due = next;
      if (!inFlight.tryAcquire()) {
        overloaded.incrementAndGet();
        continue;
      }
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  request.send(due);
                } catch (Exception e) {
                  refused.incrementAndGet();
                } finally {
                  inFlight.release();
                }
              });
    }
  }

  static final AtomicLong sequence = new AtomicLong();

  static void batch(long due) throws Exception {
    var body = new StringBuilder("{\"events\":[");
    for (int i = 0; i < 50; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"type\":\"page_view\",\"session_id\":\"b-")
          .append(i)
          .append("\",\"url\":\"https://shop.example/books/")
          .append(i)
          .append("?ref=soak\",\"data\":{\"price\":12.5,\"currency\":\"EUR\"}}");
    }
    body.append("]}");
    int status = send("POST /api/events (50)", "/api/events", body.toString(), due);
    if (status >= 200 && status < 300) {
      acceptedEvents.addAndGet(50);
    }
  }

  static void single(long due) throws Exception {
    long n = sequence.incrementAndGet();
    String type = n % 100 == 0 ? "purchase" : n % 100 == 50 ? "add_to_cart" : "page_view";
    String body =
        "{\"type\":\""
            + type
            + "\",\"session_id\":\"s-"
            + (n % 1000)
            + "\",\"url\":\"https://shop.example/books/"
            + (n % 500)
            + "\",\"data\":{\"book_id\":"
            + (n % 500)
            + "}}";
    if (send("POST /api/events (1)", "/api/events", body, due) == 201) {
      acceptedEvents.incrementAndGet();
      if (type.equals("purchase")) {
        acceptedPurchases.incrementAndGet();
      } else if (type.equals("add_to_cart")) {
        acceptedCarts.incrementAndGet();
      }
    }
  }

  static void heartbeat(long due) throws Exception {
    String body = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"active_seconds\":15}";
    int status = send("POST /api/heartbeat", "/api/heartbeat", body, due);
    if (status >= 200 && status < 300) {
      acceptedHeartbeats.incrementAndGet();
    }
  }

  static int send(String name, String path, String body, long due) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(URL + path))
            .header("Host", TENANT_HOST)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    var response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
    latencies.get(name).record(System.nanoTime() - due);
    if (response.statusCode() >= 300) {
      refused.incrementAndGet();
    }
    return response.statusCode();
  }

  /** GET then DELETE ?count=N, as the Event Queue's consumers do, until told to stop. */
  static void drain(String queue, AtomicLong drained) {
    String path = "/api/platform/" + queue;
    while (consuming) {
      try {
        long t = System.nanoTime();
        var got = call("GET", URL + path, TENANT_HOST, TENANT_TOKEN, null);
        latencies.get("GET " + path).record(System.nanoTime() - t);
        Matcher m = COUNT.matcher(got);
        long count = m.find() ? Long.parseLong(m.group(1)) : 0;
        if (count == 0) {
          Thread.sleep(200);
          continue;
        }
        t = System.nanoTime();
        call("DELETE", URL + path + "?count=" + count, TENANT_HOST, TENANT_TOKEN, null);
        latencies.get("DELETE " + path).record(System.nanoTime() - t);
        drained.addAndGet(count);
      } catch (Exception e) {
        sleepQuietly(500);
      }
    }
  }

  /** Pulls with acknowledgement: each pull acknowledges the batch before it. */
  static void pull(String queue) {
    String ackId = null;
    while (consuming) {
      try {
        long t = System.nanoTime();
        String body =
            call(
                "POST",
                URL + "/api/v1/queues/" + queue + "/events/pull",
                LANDLORD_HOST,
                APP_TOKEN,
                "{\"ack_id\":" + (ackId == null ? "null" : "\"" + ackId + "\"") + ",\"limit\":1000}");
        latencies.get("POST /api/v1/queues/{code}/events/pull").record(System.nanoTime() - t);
        long events = PULLED_EVENT.matcher(body).results().count();
        Matcher m = ACK.matcher(body);
        if (events > 0 && m.find()) {
          pulled.addAndGet(events);
          ackId = m.group(1);
        } else {
          Thread.sleep(1_000);
        }
      } catch (Exception e) {
        sleepQuietly(1_000);
      }
    }
  }

  /**
   * Every minute, JOBS_PER_MINUTE tallied jobs on each job queue, through the CLI. Each dispatch
   * starts a JVM, which runs at the lowest CPU priority ({@code nice -n 19}), as if on an
   * operator's machine: three JVM starts a minute on the server's two cores are not what the soak's
   * latencies are about.
   */
  static void jobs() {
    int minute = 0;
    while (loading && JOBS_PER_MINUTE > 0) {
      for (String queue : List.of("high", "default", "audience-sync")) {
        try {
          var process =
              new ProcessBuilder(
                      "nice",
                      "-n",
                      "19",
                      JAVA,
                      "-jar",
                      JAR,
                      "queue:dispatch",
                      "diagnostics.tally",
                      "--queue",
                      queue,
                      "--count",
                      Integer.toString(JOBS_PER_MINUTE),
                      "--data",
                      "{\"key\":\"soak-" + queue + "\",\"n\":" + minute + "}")
                  .redirectErrorStream(true)
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .start();
          if (process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) {
            dispatchedJobs.addAndGet(JOBS_PER_MINUTE);
          } else {
            System.out.println("queue:dispatch on " + queue + " did not succeed");
          }
        } catch (Exception e) {
          System.out.println("queue:dispatch on " + queue + ": " + e);
        }
      }
      minute++;
      for (int i = 0; i < 60 && loading; i++) {
        sleepQuietly(1_000);
      }
    }
  }

  /** The slow receiver: answers 200 after RECEIVER_DELAY_MS, remembering each event it got. */
  static int startReceiver() throws IOException {
    var server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/hook",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
          }
          sleepQuietly(RECEIVER_DELAY_MS);
          String event = exchange.getRequestHeaders().getFirst("X-Allegro-Event");
          if (!"ping".equals(event)) {
            deliveries.incrementAndGet();
            delivered.add(exchange.getRequestHeaders().getFirst("X-Allegro-Event-Id"));
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    return server.getAddress().getPort();
  }

  static String post(String url, String host, String token, String body) throws Exception {
    return call("POST", url, host, token, body);
  }

  static String call(String method, String url, String host, String token, String body)
      throws Exception {
    var builder =
        HttpRequest.newBuilder(URI.create(url))
            .header("Host", host)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(30));
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    builder.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    var response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  static final String SERVED_EVENTS =
      "allegro_ingestion_request_seconds_bucket{answer=\"accepted\",kind=\"events\","
          + "source=\"sdk\",";

  /** One scrape of a server histogram's cumulative buckets: upper bound (s) to count. */
  record ServerBuckets(TreeMap<Double, Double> counts) {
    static ServerBuckets of(List<String> prometheus, String prefix) {
      var counts = new TreeMap<Double, Double>();
      for (String line : prometheus) {
        Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(line);
        if (line.startsWith(prefix) && le.find()) {
          double bound =
              le.group(1).equals("+Inf")
                  ? Double.POSITIVE_INFINITY
                  : Double.parseDouble(le.group(1));
          counts.put(bound, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
      }
      return new ServerBuckets(counts);
    }

    double count(ServerBuckets before) {
      return counts.isEmpty() ? 0 : counts.lastEntry().getValue() - before.at(counts.lastKey());
    }

    /** The smallest bucket bound holding the quantile of what was served since before, in ms. */
    double quantileMs(ServerBuckets before, double q) {
      double target = q * count(before);
      for (var bucket : counts.entrySet()) {
        if (target > 0 && bucket.getValue() - before.at(bucket.getKey()) >= target) {
          return bucket.getKey() * 1000;
        }
      }
      return Double.NaN;
    }

    private double at(double bound) {
      return counts.getOrDefault(bound, 0.0);
    }
  }

  static List<String> prometheus() {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(MANAGEMENT + "/actuator/prometheus")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body()
          .lines()
          .toList();
    } catch (Exception e) {
      return List.of();
    }
  }

  /** The sum of the samples whose line starts with {@code prefix} (a name and some labels). */
  static double sum(List<String> prometheus, String prefix) {
    double total = 0;
    boolean found = false;
    for (String line : prometheus) {
      if (line.startsWith(prefix)) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        found = true;
      }
    }
    return found ? total : Double.NaN;
  }

  /** The server process's user and system CPU time so far (Linux clock ticks of 1/100 s). */
  static double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/" + SERVER_PID + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  static double rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + SERVER_PID + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      // the server is gone
    }
    return Double.NaN;
  }

  static double redisUsedMemory() {
    try {
      var process =
          new ProcessBuilder(
                  "redis-cli", "-h", env("REDIS_HOST"), "-p", env("REDIS_PORT"), "info", "memory")
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = Pattern.compile("used_memory:(\\d+)").matcher(out);
      return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String env(String name) {
    String value = System.getenv(name);
    if (value == null) {
      throw new IllegalStateException(name + " is not set (run.sh sets it)");
    }
    return value;
  }

  /** Latencies in 2 % buckets from 1 µs to about an hour; a snapshot empties it. */
  static final class Histogram {
    private static final double BASE = Math.log(1.02);
    private static final int BUCKETS = 1200;
    private volatile AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long nanos) {
      long micros = Math.max(1, nanos / 1_000);
      int bucket = Math.min(BUCKETS - 1, (int) (Math.log(micros) / BASE));
      counts.incrementAndGet(bucket);
    }

    Snapshot takeSnapshot() {
      var taken = counts;
      counts = new AtomicLongArray(BUCKETS);
      long[] copy = new long[BUCKETS];
      for (int i = 0; i < BUCKETS; i++) {
        copy[i] = taken.get(i);
      }
      return new Snapshot(copy);
    }

    record Snapshot(long[] counts) {
      long count() {
        long n = 0;
        for (long c : counts) {
          n += c;
        }
        return n;
      }

      /** The upper edge of the bucket holding quantile q, in milliseconds. */
      double quantile(double q) {
        long n = count();
        if (n == 0) {
          return 0;
        }
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
          seen += counts[i];
          if (seen >= rank) {
            return Math.exp((i + 1) * BASE) / 1_000;
          }
        }
        return max();
      }

      double max() {
        for (int i = counts.length - 1; i >= 0; i--) {
          if (counts[i] > 0) {
            return Math.exp((i + 1) * BASE) / 1_000;
          }
        }
        return 0;
      }
    }
  }
}
