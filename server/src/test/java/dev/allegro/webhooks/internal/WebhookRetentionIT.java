package dev.allegro.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.TestData;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@AllegroTest
class WebhookRetentionIT {

  @Autowired TestData data;
  @Autowired JdbcClient jdbc;
  @Autowired EndpointStore endpoints;
  @Autowired DeliveryStore deliveries;
  @Autowired DeliveryRetention retention;

  @Test
  void settledDeliveriesOlderThanTheRetentionAreForgottenAndPendingOnesKept() {
    Tenant tenant = data.tenant("kept");
    var endpoint =
        endpoints.insert(
            tenant.id(), "http://127.0.0.1:9/", List.of("*"), null, Signature.newSecret());
    UUID oldDelivered = delivery(endpoint.id(), "delivered", "40 days");
    UUID oldPending = delivery(endpoint.id(), "pending", "40 days");
    UUID recent = delivery(endpoint.id(), "failed", "1 day");

    retention.run();

    assertThat(deliveries.find(oldDelivered)).isEmpty();
    assertThat(deliveries.find(oldPending)).isPresent();
    assertThat(deliveries.find(recent)).isPresent();
  }

  private UUID delivery(UUID endpoint, String status, String age) {
    UUID id =
        deliveries.insert(
            new DeliveryStore.NewDelivery(endpoint, UUID.randomUUID(), "page_view", null, "{}"));
    jdbc.sql(
            "UPDATE webhook_deliveries SET status = :status,"
                + " created_at = now() - CAST(:age AS interval) WHERE id = :id")
        .param("status", status)
        .param("age", age)
        .param("id", id)
        .update();
    return id;
  }
}
