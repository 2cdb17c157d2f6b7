package dev.allegro.system.scheduling;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.OnRedisCluster;

/** Periodic work's locks on a 3-master Redis Cluster. */
@AllegroTest
@OnRedisCluster
class PeriodicTasksClusterIT extends PeriodicTasksContract {}
