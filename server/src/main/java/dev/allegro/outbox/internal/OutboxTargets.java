package dev.allegro.outbox.internal;

import dev.allegro.outbox.OutboxTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Every {@link OutboxTarget} bean, by name. */
@Component
public class OutboxTargets {

  private final Map<String, OutboxTarget> byName = new LinkedHashMap<>();

  OutboxTargets(List<OutboxTarget> targets) {
    for (OutboxTarget target : targets) {
      var previous = byName.put(target.name(), target);
      if (previous != null) {
        throw new IllegalStateException("Two outbox targets named " + target.name());
      }
    }
  }

  public List<OutboxTarget> all() {
    return List.copyOf(byName.values());
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  Optional<OutboxTarget> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }
}
