package dev.allegro.webhooks.internal;

import dev.allegro.jobs.Job;
import java.util.UUID;

/** The job that makes one attempt of a webhook delivery; the delivery holds the rest. */
record DeliverWebhook(UUID delivery) implements Job {}
