package dev.allegro.webhooks;

import dev.allegro.test.AllegroTest;

/** The event forwarding on one Redis. */
@AllegroTest
class ForwardingIT extends ForwardingContract {}
