// GET /api/platform/events with 10,000 events waiting: p50 and p99 over 50 reads after 5 warm-ups.
// Run through run.sh: java -Djdk.httpclient.allowRestrictedHeaders=host ReadBench.java URL HOST TOKEN
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

public class ReadBench {

  public static void main(String[] args) throws Exception {
    var client = HttpClient.newHttpClient();
    var request =
        HttpRequest.newBuilder(URI.create(args[0] + "/api/platform/events"))
            .header("Host", args[1])
            .header("Authorization", "Bearer " + args[2])
            .GET()
            .build();
    int reads = 50;
    long[] nanos = new long[reads];
    byte[] body = new byte[0];
    for (int i = -5; i < reads; i++) {
      long start = System.nanoTime();
      body = client.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
      if (i >= 0) {
        nanos[i] = System.nanoTime() - start;
      }
    }
    Arrays.sort(nanos);
    String head = new String(body, 0, Math.min(40, body.length));
    String count = head.replaceAll("^\\{\"data\":\\{\"count\":(\\d+).*", "$1");
    System.out.printf(
        "%-26s %s events (%.1f MB) per GET  p50 %6.2f ms  p99 %6.2f ms%n",
        "GET /api/platform/events",
        count,
        body.length / 1e6,
        nanos[reads / 2] / 1e6,
        nanos[reads * 99 / 100] / 1e6);
  }
}
