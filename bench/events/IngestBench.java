// The event pipeline benchmark's load generator; run through run.sh. Plain JDK, no dependencies.
// Usage: java -Djdk.httpclient.allowRestrictedHeaders=host IngestBench.java URL HOST TOKEN SECONDS
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

public class IngestBench {

  static final int CONNECTIONS = 64;

  record Result(long requests, long items, long errors, double seconds, long[] latenciesNanos) {
    String line(String name, String unit) {
      return String.format(
          "%-26s %9.0f %s/s  %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d",
          name,
          items / seconds,
          unit,
          requests / seconds,
          percentile(0.50),
          percentile(0.99),
          errors);
    }

    double percentile(double p) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      Arrays.sort(latenciesNanos);
      return latenciesNanos[(int) Math.min(latenciesNanos.length - 1, p * latenciesNanos.length)]
          / 1e6;
    }
  }

  interface Body {
    String next();
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String host = args[1];
    String token = args[2];
    int seconds = Integer.parseInt(args[3]);
    var client =
        HttpClient.newBuilder()
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    // Warm the JIT and the connection pool.
    load(client, url + "/api/events", host, null, () -> events(50), 50, 3);

    System.out.println(
        load(client, url + "/api/events", host, null, () -> events(50), 50, seconds)
            .line("events, batches of 50", "events"));
    System.out.println(
        load(client, url + "/api/events", host, null, () -> events(1), 1, seconds)
            .line("events, one per request", "events"));
    System.out.println(
        load(client, url + "/api/heartbeat", host, null, IngestBench::heartbeat, 1, seconds)
            .line("heartbeats", "beats"));
    System.out.println(readTenThousand(client, url, host, token, 50));
  }

  static String events(int n) {
    var body = new StringBuilder(n * 260).append("{\"events\":[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append("{\"type\":\"page_view\",\"session_id\":\"")
          .append(UUID.randomUUID())
          .append("\",\"url\":\"https://shop.example/books/")
          .append(i)
          .append("?ref=bench\",\"event_sequence\":")
          .append(i)
          .append(",\"data\":{\"price\":12.5,\"currency\":\"EUR\"}}");
    }
    return n == 1 ? body.substring("{\"events\":[".length()) : body.append("]}").toString();
  }

  static String heartbeat() {
    return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"active_seconds\":15}";
  }

  static Result load(
      HttpClient client, String url, String host, String token, Body body, int items, int seconds)
      throws Exception {
    var requests = new LongAdder();
    var errors = new LongAdder();
    List<long[]> latencies = new ArrayList<>();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long start = System.nanoTime();
    var threads = new ArrayList<Thread>();
    for (int c = 0; c < CONNECTIONS; c++) {
      long[] mine = new long[2_000_000];
      AtomicLong count = new AtomicLong();
      latencies.add(mine);
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (System.nanoTime() < end) {
                      var request =
                          HttpRequest.newBuilder(URI.create(url))
                              .header("Host", host)
                              .header("Content-Type", "application/json")
                              .POST(HttpRequest.BodyPublishers.ofString(body.next()))
                              .build();
                      long t0 = System.nanoTime();
                      try {
                        int status =
                            client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status >= 300) {
                          errors.increment();
                          continue;
                        }
                      } catch (Exception e) {
                        errors.increment();
                        continue;
                      }
                      long i = count.getAndIncrement();
                      if (i < mine.length) {
                        mine[(int) i] = System.nanoTime() - t0;
                      }
                      requests.increment();
                    }
                    mine[mine.length - 1] = count.get();
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long total = requests.sum();
    long[] all = new long[(int) Math.min(total, Integer.MAX_VALUE - 8)];
    int k = 0;
    for (long[] mine : latencies) {
      long n = Math.min(mine[mine.length - 1], mine.length - 1);
      for (int i = 0; i < n && k < all.length; i++) {
        all[k++] = mine[i];
      }
    }
    return new Result(total, total * items, errors.sum(), elapsed, Arrays.copyOf(all, k));
  }

  static String readTenThousand(HttpClient client, String url, String host, String token, int n)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(url + "/api/platform/events"))
            .header("Host", host)
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    long[] latencies = new long[n];
    int count = 0;
    long bytes = 0;
    for (int i = 0; i < n + 5; i++) {
      long t0 = System.nanoTime();
      var response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      long took = System.nanoTime() - t0;
      if (i >= 5) {
        latencies[i - 5] = took;
      }
      bytes = response.body().length;
      String head = new String(response.body(), 0, Math.min(40, response.body().length));
      count = Integer.parseInt(head.replaceAll("^\\{\"data\":\\{\"count\":(\\d+).*", "$1"));
    }
    var result = new Result(n, (long) n * count, 0, 1, latencies);
    return String.format(
        "%-26s %d events (%.1f MB) per GET  p50 %6.2f ms  p99 %6.2f ms",
        "GET /api/platform/events", count, bytes / 1e6, result.percentile(0.5), result.percentile(0.99));
  }
}
