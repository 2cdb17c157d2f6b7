package dev.allegro.outbox;

/**
 * One committed item waiting for one target.
 *
 * @param seq its position in the outbox, increasing in commit order
 * @param json the item as its consumers receive it
 */
public record OutboxRow(long seq, String json) {}
