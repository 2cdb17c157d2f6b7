package dev.allegro.jobs;

import dev.allegro.test.AllegroTest;

/** The job engine's contract on one Redis: each step one combined script. */
@AllegroTest
class JobEngineIT extends JobEngineContract {}
