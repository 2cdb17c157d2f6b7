package dev.allegro.system;

import java.time.Instant;

/**
 * Published, on one node, when the main Redis was found to have lost everything it held (it no
 * longer holds the epoch PostgreSQL recorded): features re-dispatch the jobs they can derive from
 * PostgreSQL, or report what they cannot. The Event and Heartbeat Queues need no such signal; the
 * outbox's marks find their losses, also partial ones.
 *
 * @param since when Redis came back empty, as near as known (its uptime, a second later for safety;
 *     the time of the finding when it cannot tell, or when it was flushed rather than restarted):
 *     what was queued since is not lost
 */
public record RedisDataLost(Instant since) {}
