// Tracks a few "add_to_cart" events server-side with Tracker, then closes it (which flushes).
// How to run: see docs/client.md ("Running the examples").
//   ALLEGRO_DEMO_URL    the tenant's origin, e.g. http://demo.localhost:8080
//   ALLEGRO_DEMO_TOKEN  a token with events:write
//   ALLEGRO_DEMO_HOST   optional Host header; for a *.localhost URL it is set by itself
// Argument: how many events (default 10).

import dev.allegro.client.Delivery;
import dev.allegro.client.Event;
import dev.allegro.client.TrackResult;
import dev.allegro.client.Tracker;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

public class TrackEvents {

  public static void main(String[] args) {
    String url = require("ALLEGRO_DEMO_URL");
    String token = require("ALLEGRO_DEMO_TOKEN");
    String host = System.getenv("ALLEGRO_DEMO_HOST");
    URI origin = URI.create(url);
    if (host == null && origin.getHost().endsWith(".localhost")) {
      // *.localhost is loopback (RFC 6761) but the JVM does not resolve it: connect to 127.0.0.1
      // and send the tenant's name as Host, which the JDK allows only with this property.
      host = origin.getHost() + (origin.getPort() < 0 ? "" : ":" + origin.getPort());
      url = origin.getScheme() + "://127.0.0.1" + (origin.getPort() < 0 ? "" : ":" + origin.getPort());
    }
    if (host != null) {
      System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    String session = UUID.randomUUID().toString();

    try (Tracker tracker =
        Tracker.builder()
            .baseUrl(url)
            .token(token)
            .host(host)
            .linger(Duration.ofMillis(100))
            .closeTimeout(Duration.ofSeconds(30))
            .listener(
                delivery -> {
                  switch (delivery) {
                    case Delivery.Sent s ->
                        System.out.printf(
                            "sent %d events in %d tries%n", s.events().size(), s.attempts());
                    case Delivery.Rejected r ->
                        System.err.printf("rejected (%d): %s%n", r.status(), r.body());
                    case Delivery.GaveUp g ->
                        System.err.printf("gave up after %d tries: %s%n", g.attempts(), g.reason());
                  }
                })
            .build()) {

      for (int book = 1; book <= count; book++) {
        // track() returns at once; created_at is now, not when the batch leaves.
        TrackResult result =
            tracker.track(
                Event.builder("add_to_cart", session)
                    .url("https://books.example/books/" + book)
                    .objectType("book")
                    .objectId(Integer.toString(book))
                    .eventSequence(book)
                    .data(Map.of("price_cents", 1299))
                    .build());
        if (result instanceof TrackResult.Queued queued) {
          System.out.println("queued " + queued.event().id() + " at " + queued.event().createdAt());
        } else {
          System.err.println("dropped: " + result);
        }
      }
    } // close() sends what is buffered and waits for it
  }

  private static String require(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      System.err.println(name + " is not set");
      System.exit(2);
    }
    return value;
  }
}
