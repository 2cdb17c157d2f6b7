package dev.allegro.streams;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.OnRedisCluster;

/** The subscription queue API on a 3-master Redis Cluster. */
@AllegroTest
@OnRedisCluster
class SubscriptionQueueClusterIT extends SubscriptionQueueContract {}
