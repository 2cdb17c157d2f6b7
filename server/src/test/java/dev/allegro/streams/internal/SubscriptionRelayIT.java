package dev.allegro.streams.internal;

import dev.allegro.test.AllegroTest;

/** The router against one Redis. */
@AllegroTest
class SubscriptionRelayIT extends SubscriptionRelayContract {}
