package dev.allegro.system.scheduling;

import dev.allegro.test.AllegroTest;

/** Periodic work's locks on one Redis. */
@AllegroTest
class PeriodicTasksIT extends PeriodicTasksContract {}
