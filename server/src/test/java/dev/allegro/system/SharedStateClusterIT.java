package dev.allegro.system;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.OnRedisCluster;

/** State shared between nodes through a 3-master Redis Cluster. */
@AllegroTest
@OnRedisCluster
class SharedStateClusterIT extends SharedStateContract {}
