package dev.allegro.jobs;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.OnRedisCluster;

/**
 * The job engine's contract on a 3-master Redis Cluster: queues and Horizon's records in different
 * slots, so each step is several scripts and a pop asks one queue at a time.
 */
@AllegroTest
@OnRedisCluster
class JobEngineClusterIT extends JobEngineContract {}
