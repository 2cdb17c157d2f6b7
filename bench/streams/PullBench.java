// The pull side of the subscription-queue benchmark (issue 13); run through run.sh:
//   java PullBench.java latency URL TOKEN QUEUE PULLS   p50/p99 of pulls of 1,000, each acknowledging
//                                                        the previous batch (warm-up pulls first),
//                                                        with each of the two clients below in turn
//   java PullBench.java drain URL TOKEN QUEUE TOTAL     one consumer draining TOTAL events, 1,000 a
//                                                        pull, acknowledging the previous batch each time
// The landlord host is the URL's (run.sh uses http://localhost:PORT). The JSON is scanned for the
// ack_id and the number of events only, as a consumer that hands the bytes on would. Two clients,
// each from the queue's start (a seek back before each),
// one kept-alive connection each: a blocking one (HttpURLConnection, which reads the answer in the
// calling thread: what the server and the network take) and the JDK's HttpClient (as Allegro's
// Java client uses it: its reads pass between its own threads, which costs on a small machine).
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

public class PullBench {

  static final Pattern ACK = Pattern.compile("\"ack_id\":\"([^\"]+)\"");
  static HttpClient client = HttpClient.newHttpClient();
  static String url;
  static String queueUrl;
  static String token;

  record Batch(int events, String ackId, long bytes, long nanos) {}

  /** Posts a pull's body, returning the answer's bytes. */
  interface Client {
    byte[] post(String body) throws Exception;
  }

  static final Client BLOCKING =
      body -> {
        var connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Authorization", "Bearer " + token);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
          out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        if (connection.getResponseCode() != 200) {
          throw new IllegalStateException(connection.getResponseCode() + " " + error(connection));
        }
        try (InputStream in = connection.getInputStream()) {
          return in.readAllBytes();
        }
      };

  static final Client JDK =
      body -> {
        var request =
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        var response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
          throw new IllegalStateException(
              response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
      };

  static String error(HttpURLConnection connection) throws IOException {
    try (InputStream in = connection.getErrorStream()) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  public static void main(String[] args) throws Exception {
    queueUrl = args[1] + "/api/v1/queues/" + args[3];
    url = queueUrl + "/events/pull";
    token = args[2];
    int n = Integer.parseInt(args[4]);
    if (args[0].equals("latency")) {
      latency(n);
    } else {
      drain(n);
    }
  }

  static Batch pull(Client via, String ackId) throws Exception {
    String body =
        "{\"limit\":1000,\"ack_id\":" + (ackId == null ? "null" : "\"" + ackId + "\"") + "}";
    long start = System.nanoTime();
    byte[] answer = via.post(body);
    long nanos = System.nanoTime() - start; // the request and its answer read, not the scan below
    // one byte a character is enough to find ASCII field names and the ack_id
    String json = new String(answer, StandardCharsets.ISO_8859_1);
    var m = ACK.matcher(json);
    if (!m.find(Math.max(0, json.length() - 400))) {
      throw new IllegalStateException("no ack_id in " + json.substring(0, 200));
    }
    // every event carries one "payload" field (the Event Queue's event has none of that name)
    int events = 0;
    for (int i = json.indexOf("\"payload\":"); i >= 0; i = json.indexOf("\"payload\":", i + 10)) {
      events++;
    }
    return new Batch(events, m.group(1), answer.length, nanos);
  }

  /** Both clients read the same events: the queue's position goes back to its start first. */
  static void latency(int pulls) throws Exception {
    seekToStart();
    latency(BLOCKING, "blocking client", pulls);
    seekToStart();
    latency(JDK, "JDK HttpClient", pulls);
  }

  static void seekToStart() throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(queueUrl + "/seek"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"2000-01-01T00:00:00Z\"}"))
            .build();
    var response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("seek: " + response.statusCode() + " " + response.body());
    }
  }

  static void latency(Client via, String name, int pulls) throws Exception {
    String ack = null;
    for (int i = 0; i < 20; i++) { // warm-up, acknowledged as it goes
      ack = pull(via, ack).ackId();
    }
    long[] nanos = new long[pulls];
    long bytes = 0;
    for (int i = 0; i < pulls; i++) {
      var batch = pull(via, ack);
      nanos[i] = batch.nanos();
      if (batch.events() != 1000) {
        throw new IllegalStateException("pull " + i + " got " + batch.events() + " events");
      }
      ack = batch.ackId();
      bytes += batch.bytes();
    }
    Arrays.sort(nanos);
    System.out.printf(
        "%-38s %d pulls of 1,000 (%.2f MB each)  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n",
        "pull 1,000, ack_id, " + name,
        pulls,
        bytes / (double) pulls / 1e6,
        nanos[pulls / 2] / 1e6,
        nanos[pulls * 99 / 100] / 1e6,
        nanos[pulls - 1] / 1e6);
  }

  static void drain(int total) throws Exception {
    String ack = null;
    long got = 0;
    int pulls = 0;
    long start = System.nanoTime();
    while (got < total) {
      var batch = pull(BLOCKING, ack);
      if (batch.events() == 0) {
        throw new IllegalStateException("queue empty after " + got + " events");
      }
      got += batch.events();
      ack = batch.ackId();
      pulls++;
    }
    pull(BLOCKING, ack); // acknowledges the last batch
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%-38s %,d events in %d pulls, %.1f s: %,.0f events/s (%.2f ms a pull)%n",
        "drain, one consumer, ack each",
        got,
        pulls,
        seconds,
        got / seconds,
        seconds * 1000 / pulls);
  }
}
