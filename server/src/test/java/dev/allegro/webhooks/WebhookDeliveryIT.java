package dev.allegro.webhooks;

import dev.allegro.test.AllegroTest;

/** The webhook deliveries on one Redis. */
@AllegroTest
class WebhookDeliveryIT extends WebhookDeliveryContract {}
