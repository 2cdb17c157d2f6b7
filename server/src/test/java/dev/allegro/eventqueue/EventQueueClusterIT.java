package dev.allegro.eventqueue;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.OnRedisCluster;

/** The Event Queue API's contract on a 3-master Redis Cluster: each tenant's keys in one slot. */
@AllegroTest
@OnRedisCluster
class EventQueueClusterIT extends EventQueueContract {}
