// Reads the demo tenant's event queue with EventQueueConsumer and prints every event.
// How to run: see docs/client.md ("Running the examples").
//   ALLEGRO_DEMO_URL    the tenant's origin, e.g. http://demo.localhost:8080
//   ALLEGRO_DEMO_TOKEN  a token with events:read and events:delete
//   ALLEGRO_DEMO_HOST   optional Host header; for a *.localhost URL it is set by itself
// Argument: seconds to run (default: until Ctrl-C).

import dev.allegro.client.EventQueueConsumer;
import dev.allegro.client.PollResult;
import dev.allegro.client.QueuedEvent;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

public class ConsumeEvents {

  public static void main(String[] args) throws Exception {
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
    AtomicLong total = new AtomicLong();

    EventQueueConsumer consumer =
        EventQueueConsumer.builder()
            .baseUrl(url)
            .token(token)
            .host(host)
            .limit(1_000)
            .longPoll(Duration.ofSeconds(20)) // the server holds an empty GET: no sleeping
            .backoff(Duration.ofMillis(500), Duration.ofSeconds(10)) // after errors
            .handler(
                batch -> {
                  // Throwing here would leave the batch in the queue and get it again later.
                  for (QueuedEvent event : batch) {
                    System.out.printf(
                        "%s %-14s session=%s url=%s%n",
                        event.createdAt(), event.type(), event.sessionId(), event.url());
                  }
                  total.addAndGet(batch.size());
                })
            .listener(
                result -> {
                  switch (result) {
                    case PollResult.Handled h -> System.out.println("deleted " + h.count());
                    case PollResult.Failed f -> System.err.println("failed: " + f.cause());
                    case PollResult.Conflict c -> System.err.println("conflict: " + c.message());
                    default -> {}
                  }
                })
            .build();
    Runtime.getRuntime().addShutdownHook(new Thread(consumer::close));
    consumer.start();
    System.out.println("Consuming " + url + "/api/platform/events (Ctrl-C to stop)");

    if (args.length > 0) {
      consumer.awaitTermination(Duration.ofSeconds(Long.parseLong(args[0])));
      consumer.close();
      System.out.println("Consumed " + total.get() + " events");
    } else {
      consumer.awaitTermination(Duration.ofDays(365));
    }
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
