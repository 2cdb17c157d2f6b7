package dev.allegro.eventqueue.internal;

import dev.allegro.auth.RequiresAbility;
import dev.allegro.eventqueue.QueueKind;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.tenancy.Tenant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Event Queue and Heartbeat Queue API of the seed: GET reads from the front without removing,
 * DELETE removes exactly {@code count}. Beyond the seed, opt-in: {@code limit}, {@code wait}
 * (long-poll) and {@code last_id} (remove only if the count-th item has that id, else 409).
 */
@RestController
class QueueController {

  static final int MAX_ITEMS = 10_000;
  static final int MAX_WAIT_SECONDS = 20;

  private final QueueFront front;

  QueueController(QueueFront front) {
    this.front = front;
  }

  @GetMapping("/api/platform/{queue:events|heartbeats}")
  @RequiresAbility("events:read")
  ResponseEntity<byte[]> read(
      Tenant tenant,
      @PathVariable String queue,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String wait)
      throws InterruptedException {
    return read(tenant, kind(queue), limit, wait);
  }

  @DeleteMapping("/api/platform/{queue:events|heartbeats}")
  @RequiresAbility("events:delete")
  ResponseEntity<Void> delete(
      Tenant tenant,
      @PathVariable String queue,
      @RequestParam(required = false) String count,
      @RequestParam(name = "last_id", required = false) String lastId) {
    return delete(tenant, kind(queue), count, lastId);
  }

  private static QueueKind kind(String queue) {
    return QueueKind.valueOf(queue.toUpperCase(Locale.ROOT));
  }

  private ResponseEntity<byte[]> read(Tenant tenant, QueueKind kind, String limit, String wait)
      throws InterruptedException {
    var errors = new FieldErrors();
    long max = integer("limit", limit, MAX_ITEMS, 1, MAX_ITEMS, errors);
    long seconds = integer("wait", wait, 0, 0, MAX_WAIT_SECONDS, errors);
    errors.throwIfAny();
    List<byte[]> items = front.read(tenant.id(), kind, (int) max, Duration.ofSeconds(seconds));
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body(kind, items));
  }

  private ResponseEntity<Void> delete(Tenant tenant, QueueKind kind, String count, String lastId) {
    var errors = new FieldErrors();
    if (count == null || count.isBlank()) {
      errors.add("count", "The count field is required.");
    }
    long n = integer("count", count, 0, 1, Long.MAX_VALUE, errors);
    if (lastId != null && (lastId.isBlank() || lastId.length() > 128)) {
      errors.add("last_id", "The last_id field must be an item id.");
    }
    errors.throwIfAny();
    if (!front.removeFirst(tenant.id(), kind, n, lastId)) {
      throw ApiException.conflict(
          "The item at position "
              + n
              + " does not have "
              + kind.idField()
              + " "
              + lastId
              + "; nothing was removed. Read the queue again.");
    }
    return ResponseEntity.noContent().build();
  }

  /** The stored JSON, spliced into the body byte for byte: no parse, no re-encode. */
  static byte[] body(QueueKind kind, List<byte[]> items) {
    byte[] head =
        ("{\"data\":{\"count\":" + items.size() + ",\"" + kind.key() + "\":[")
            .getBytes(StandardCharsets.UTF_8);
    int commas = Math.max(0, items.size() - 1);
    int size = head.length + commas + 3;
    for (byte[] item : items) {
      size += item.length;
    }
    byte[] body = new byte[size];
    System.arraycopy(head, 0, body, 0, head.length);
    int at = head.length;
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        body[at++] = ',';
      }
      byte[] item = items.get(i);
      System.arraycopy(item, 0, body, at, item.length);
      at += item.length;
    }
    body[at++] = ']';
    body[at++] = '}';
    body[at] = '}';
    return body;
  }

  private static long integer(
      String field, String value, long fallback, long min, long max, FieldErrors errors) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed < min) {
        errors.add(field, "The " + field + " field must be at least " + min + ".");
      } else if (parsed > max) {
        errors.add(field, "The " + field + " field must not be greater than " + max + ".");
      }
      return parsed;
    } catch (NumberFormatException e) {
      errors.add(field, "The " + field + " field must be an integer.");
      return fallback;
    }
  }
}
