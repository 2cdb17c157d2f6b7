package dev.allegro.eventqueue.internal;

import dev.allegro.auth.RequiresAbility;
import dev.allegro.eventqueue.QueueKind;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.tenancy.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  private final QueueFront front;

  QueueController(QueueFront front) {
    this.front = front;
  }

  @GetMapping("/api/platform/{queue:events|heartbeats}")
  @RequiresAbility("events:read")
  ResponseEntity<byte[]> read(Tenant tenant, @PathVariable String queue, HttpServletRequest request)
      throws InterruptedException {
    var errors = new FieldErrors();
    var query = new Query(request, errors);
    return read(tenant, kind(queue), query.value("limit"), query.value("wait"), errors);
  }

  @DeleteMapping("/api/platform/{queue:events|heartbeats}")
  @RequiresAbility("events:delete")
  ResponseEntity<Void> delete(
      Tenant tenant, @PathVariable String queue, HttpServletRequest request) {
    var errors = new FieldErrors();
    var query = new Query(request, errors);
    return delete(tenant, kind(queue), query.value("count"), query.value("last_id"), errors);
  }

  /**
   * The query's parameters under their exact names, one value each: {@code count[]=2} is no {@code
   * count}, and a repeated parameter is invalid rather than joined.
   */
  private record Query(HttpServletRequest request, FieldErrors errors) {
    String value(String name) {
      String[] values = request.getParameterValues(name);
      if (values == null) {
        return null;
      }
      if (values.length > 1) {
        errors.add(name, "The " + name + " field must be a single value.");
        return null;
      }
      return values[0];
    }
  }

  private static QueueKind kind(String queue) {
    return QueueKind.valueOf(queue.toUpperCase(Locale.ROOT));
  }

  private ResponseEntity<byte[]> read(
      Tenant tenant, QueueKind kind, String limit, String wait, FieldErrors errors)
      throws InterruptedException {
    long max = integer("limit", limit, MAX_ITEMS, 1, MAX_ITEMS, errors);
    long seconds = integer("wait", wait, 0, 0, MAX_WAIT_SECONDS, errors);
    errors.throwIfAny();
    List<byte[]> items = front.read(tenant.id(), kind, (int) max, Duration.ofSeconds(seconds));
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body(kind, items));
  }

  private ResponseEntity<Void> delete(
      Tenant tenant, QueueKind kind, String count, String lastId, FieldErrors errors) {
    if ((count == null || count.isBlank()) && !errors.has("count")) {
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
    String digits = value.trim();
    if (!INTEGER.matcher(digits).matches()) {
      errors.add(field, "The " + field + " field must be an integer.");
      return fallback;
    }
    // Compared as a BigInteger, so a value past the range of long gets the range message.
    var parsed = new BigInteger(digits);
    if (parsed.compareTo(BigInteger.valueOf(min)) < 0) {
      errors.add(field, "The " + field + " field must be at least " + min + ".");
      return fallback;
    }
    if (parsed.compareTo(BigInteger.valueOf(max)) > 0) {
      errors.add(field, "The " + field + " field must not be greater than " + max + ".");
      return fallback;
    }
    return parsed.longValueExact();
  }
}
