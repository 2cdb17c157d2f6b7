package dev.allegro.streams;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Subscription queues' settings.
 *
 * @param retention how long an event stays in a queue after it was appended, acknowledged or not
 * @param retentionCheck how often the scheduler trims what is older
 * @param queueLimit queues one app may have at most
 * @param ackSecret the key {@code ack_id} values are signed with; empty: one generated once and
 *     kept in PostgreSQL, shared by every node
 * @param checkpointEvery how often one node records each queue's stream in PostgreSQL and looks for
 *     streams Redis lost
 * @param rebuildOverlap how far before the acknowledged position a rebuilt queue starts again: an
 *     event relayed that much later than it was received, and not yet acknowledged, is still in it
 */
@ConfigurationProperties("allegro.streams")
public record StreamsProperties(
    @DefaultValue("7d") Duration retention,
    @DefaultValue("1m") Duration retentionCheck,
    @DefaultValue("10") int queueLimit,
    @DefaultValue("") String ackSecret,
    @DefaultValue("5s") Duration checkpointEvery,
    @DefaultValue("30s") Duration rebuildOverlap) {}
