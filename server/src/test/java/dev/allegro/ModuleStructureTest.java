package dev.allegro;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModuleStructureTest {

  @Test
  void featuresUseEachOthersPublicTypesOnlyAndHaveNoCycles() {
    ApplicationModules.of(AllegroApplication.class).verify();
  }
}
