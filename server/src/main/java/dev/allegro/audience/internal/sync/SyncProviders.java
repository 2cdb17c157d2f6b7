package dev.allegro.audience.internal.sync;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Every {@link SyncProvider} bean, by name. */
@Component
class SyncProviders {

  private final List<SyncProvider> all;

  SyncProviders(List<SyncProvider> all) {
    this.all = List.copyOf(all);
  }

  List<SyncProvider> all() {
    return all;
  }

  Optional<SyncProvider> find(String name) {
    return all.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
