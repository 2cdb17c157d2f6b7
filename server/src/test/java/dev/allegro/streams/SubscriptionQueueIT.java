package dev.allegro.streams;

import dev.allegro.test.AllegroTest;

/** The subscription queue API on one Redis. */
@AllegroTest
class SubscriptionQueueIT extends SubscriptionQueueContract {}
