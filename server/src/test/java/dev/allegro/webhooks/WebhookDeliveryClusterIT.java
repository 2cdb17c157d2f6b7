package dev.allegro.webhooks;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.OnRedisCluster;

/** The webhook deliveries on a 3-master Redis Cluster. */
@AllegroTest
@OnRedisCluster
class WebhookDeliveryClusterIT extends WebhookDeliveryContract {}
