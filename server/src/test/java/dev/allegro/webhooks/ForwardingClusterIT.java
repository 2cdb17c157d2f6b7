package dev.allegro.webhooks;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.OnRedisCluster;

/** The event forwarding on a 3-master Redis Cluster. */
@AllegroTest
@OnRedisCluster
class ForwardingClusterIT extends ForwardingContract {}
