package dev.allegro.streams;

import static dev.allegro.streams.SubscriptionApps.numbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allegro.client.SubscriptionEvent;
import dev.allegro.client.SubscriptionQueueConsumer;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** The Java client's SubscriptionQueueConsumer against the running server. */
@AllegroTest
class SubscriptionQueueConsumerIT {

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Apps apps;
  @Autowired Environment environment;

  @Test
  void theConsumerHandsOverEveryEventInOrderAndAcknowledgesOnlyHandledBatches() {
    var app = new SubscriptionApps(http, data, apps);
    var shop = data.tenant("consumed");
    String token = app.inHouseApp("consumer-app", shop);
    String queue = app.queue(token, "q");
    app.subscribe(token, queue, shop.slug(), "*");
    app.track(shop, app.member(shop), "page_view", "c", 25);

    List<String> handled = new CopyOnWriteArrayList<>();
    var failedOnce = new AtomicBoolean();
    var consumer =
        SubscriptionQueueConsumer.builder()
            .baseUrl("http://localhost:" + environment.getRequiredProperty("local.server.port"))
            .token(token)
            .queue(queue)
            .limit(10)
            .interval(Duration.ofMillis(100))
            .handler(
                batch -> {
                  if (failedOnce.compareAndSet(false, true)) {
                    throw new IllegalStateException("the first batch fails once");
                  }
                  for (SubscriptionEvent event : batch) {
                    handled.add(event.payload().path("session_id").asString());
                  }
                })
            .build()
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(handled).isEqualTo(numbered("c", 1, 25)));
      // everything handled was acknowledged with the next pull
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> app.get(token, "/api/v1/queues/" + queue).json().path("depth").asLong() == 0);
    } finally {
      consumer.close();
    }
  }
}
