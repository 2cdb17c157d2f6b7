package dev.allegro.system;

import dev.allegro.test.AllegroTest;

/** State shared between nodes through one Redis. */
@AllegroTest
class SharedStateIT extends SharedStateContract {}
