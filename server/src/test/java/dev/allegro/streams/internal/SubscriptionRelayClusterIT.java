package dev.allegro.streams.internal;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.OnRedisCluster;

/**
 * The router on a 3-master Redis Cluster: every script in one slot (a queue's, or the tenant's for
 * the payloads), a pull reading the payloads from their tenants' slots in a second step.
 */
@AllegroTest
@OnRedisCluster
class SubscriptionRelayClusterIT extends SubscriptionRelayContract {}
