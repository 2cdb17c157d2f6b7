package dev.allegro.eventqueue;

import dev.allegro.test.AllegroTest;

/** The Event Queue API's contract on one Redis. */
@AllegroTest
class EventQueueApiIT extends EventQueueContract {}
