/**
 * The health endpoints monitors poll (seed: health-checks): one tenant's queues, and the platform's
 * job queues, each 503 when its Redis cannot be reached.
 */
package dev.allegro.health;
