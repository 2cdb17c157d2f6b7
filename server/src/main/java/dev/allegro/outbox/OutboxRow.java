package dev.allegro.outbox;

import java.util.List;

/**
 * Committed items waiting for one target: one item, or for a target that {@link
 * OutboxTarget#groupsItems() groups} them, all the items of one commit for one tenant.
 *
 * @param seq its position in the outbox, increasing in commit order
 * @param json the item as its consumers receive it; the items, one per line, when there are several
 * @param items how many items it holds
 */
public record OutboxRow(long seq, String json, int items) {

  /** A row of one item. */
  public OutboxRow(long seq, String json) {
    this(seq, json, 1);
  }

  /** Its items, in commit order. */
  public List<String> each() {
    return items == 1 ? List.of(json) : List.of(json.split("\n", -1));
  }
}
