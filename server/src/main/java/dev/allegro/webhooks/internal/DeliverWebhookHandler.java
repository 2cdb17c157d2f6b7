package dev.allegro.webhooks.internal;

import dev.allegro.auth.Users;
import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.JobHandler;
import dev.allegro.jobs.Queues;
import dev.allegro.jobs.RetryNoSooner;
import dev.allegro.mail.Mail;
import dev.allegro.mail.Mailer;
import dev.allegro.webhooks.WebhookMetrics;
import dev.allegro.webhooks.WebhooksProperties;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Makes one attempt of a delivery ({@code webhooks.deliver} on {@code default}): signs and sends
 * it, records the attempt, and settles it. A 2xx delivers it; a 410 turns the endpoint off at once;
 * anything else is retried on the schedule (or later, when the receiver's {@code Retry-After} says
 * so) until the tries run out, which fails the job and counts against the endpoint. An endpoint
 * that has failed every attempt for {@code disableAfter} is turned off and its tenant told by mail.
 */
@Component
class DeliverWebhookHandler implements JobHandler<DeliverWebhook> {

  static final String TYPE = "webhooks.deliver";
  private static final String REFUSED = "Refused: ";
  private static final Logger log = LoggerFactory.getLogger(DeliverWebhookHandler.class);

  private final DeliveryStore deliveries;
  private final EndpointStore endpoints;
  private final EndpointCache cache;
  private final TargetGuard guard;
  private final WebhookSender sender;
  // Lazily: the mailer queues jobs, and the job engine needs this handler first.
  private final ObjectProvider<Mailer> mailer;
  private final Users users;
  private final Clock clock;
  private final WebhooksProperties properties;
  private final RetrySchedule schedule;
  private final WebhookMetrics metrics;

  DeliverWebhookHandler(
      DeliveryStore deliveries,
      EndpointStore endpoints,
      EndpointCache cache,
      TargetGuard guard,
      WebhookSender sender,
      ObjectProvider<Mailer> mailer,
      Users users,
      Clock clock,
      WebhooksProperties properties,
      WebhookMetrics metrics) {
    this.metrics = metrics;
    this.deliveries = deliveries;
    this.endpoints = endpoints;
    this.cache = cache;
    this.guard = guard;
    this.sender = sender;
    this.mailer = mailer;
    this.users = users;
    this.clock = clock;
    this.properties = properties;
    this.schedule = new RetrySchedule(properties.retrySchedule(), properties.jitter());
  }

  /** An attempt that failed; the job's retry policy decides whether another follows. */
  static final class DeliveryFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DeliveryFailed(String message) {
      super(message);
    }
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<DeliverWebhook> jobClass() {
    return DeliverWebhook.class;
  }

  /**
   * The delivery counts its attempts itself; the job may run a few more times than that, once for
   * each worker that died mid-attempt (the engine counts a try it never saw settled). Every attempt
   * the handler makes and does not deliver throws, so {@code maxExceptions} ends the job on the
   * delivery's last attempt; the spare tries only stand in for dead workers, so that the last
   * attempt is still made and settles the delivery instead of the engine failing the job before it
   * runs and leaving the delivery pending.
   */
  static final int SPARE_TRIES = 3;

  @Override
  public Dispatch defaults() {
    return Dispatch.defaults()
        .onQueue(Queues.DEFAULT)
        .tries(schedule.tries() + SPARE_TRIES)
        .maxExceptions(schedule.tries())
        .backoff(properties.retrySchedule().toArray(Integer[]::new))
        .timeout(properties.timeout().multipliedBy(2).plusSeconds(15));
  }

  @Override
  public void handle(DeliverWebhook job) throws InterruptedException {
    var delivery = deliveries.find(job.delivery()).orElse(null);
    if (delivery == null || delivery.status() != Delivery.Status.PENDING) {
      return; // deleted with its endpoint, or settled by an earlier copy of this job
    }
    var endpoint = endpoints.find(delivery.endpointId()).orElse(null);
    if (endpoint == null || !endpoint.active()) {
      deliveries.status(delivery.id(), Delivery.Status.FAILED);
      return;
    }
    if (delivery.attempts().size() >= schedule.tries()) {
      // A worker made the last attempt and died before settling it: settle it now, unsent.
      deliveries.status(delivery.id(), Delivery.Status.FAILED);
      endpoints.countFailure(endpoint.id());
      throw new DeliveryFailed(
          "the last of " + schedule.tries() + " attempts was made by a worker that died after it");
    }
    int attempt = delivery.attempts().size() + 1;
    Instant now = clock.instant();
    WebhookSender.Answer answer;
    try {
      answer = send(endpoint, delivery, now);
    } catch (InterruptedException e) {
      // Over the job's timeout: the attempt counts, as the engine counts it.
      deliveries.record(
          delivery.id(),
          new Delivery.Attempt(
              attempt,
              null,
              Duration.between(now, clock.instant()).toMillis(),
              "Stopped: the attempt outlasted the job's timeout",
              null,
              now));
      throw e;
    }
    var made =
        new Delivery.Attempt(
            attempt,
            answer.status() == 0 ? null : answer.status(),
            answer.took().toMillis(),
            answer.error(),
            answer.body(),
            now);
    metrics.attempt(
        answer.succeeded()
            ? WebhookMetrics.Outcome.SENT
            : answer.error() != null && answer.error().startsWith(REFUSED)
                ? WebhookMetrics.Outcome.REFUSED
                : WebhookMetrics.Outcome.FAILED);
    if (answer.succeeded()) {
      deliveries.record(delivery.id(), made, Delivery.Status.DELIVERED);
      endpoints.answered(endpoint.id());
      return;
    }
    deliveries.record(delivery.id(), made);
    String failure = describe(answer);
    if (answer.status() == 410) {
      deliveries.status(delivery.id(), Delivery.Status.FAILED);
      disable(endpoint, "The endpoint answered 410 Gone.");
      return;
    }
    Instant failingSince = endpoints.failed(endpoint.id(), now);
    if (Duration.between(failingSince, now).compareTo(properties.disableAfter()) >= 0) {
      deliveries.status(delivery.id(), Delivery.Status.FAILED);
      endpoints.countFailure(endpoint.id());
      disable(
          endpoint,
          "Every attempt failed since " + failingSince + "; the last one: " + failure + ".");
      throw new DeliveryFailed(failure + "; the endpoint is now disabled");
    }
    if (attempt >= schedule.tries()) {
      deliveries.status(delivery.id(), Delivery.Status.FAILED);
      endpoints.countFailure(endpoint.id());
      throw new DeliveryFailed(failure + " on the last of " + schedule.tries() + " attempts");
    }
    Duration wait =
        schedule.after(
            attempt,
            ThreadLocalRandom.current().nextDouble(),
            RetrySchedule.retryAfter(answer.retryAfter(), now));
    throw new RetryNoSooner(failure + "; retrying in " + wait, wait);
  }

  private WebhookSender.Answer send(Endpoint endpoint, Delivery delivery, Instant now)
      throws InterruptedException {
    URI url;
    InetAddress address;
    try {
      // The request goes to the address checked here, not to a fresh answer for the name.
      address = guard.check(endpoint.url()).getFirst();
      url = TargetGuard.parse(endpoint.url());
    } catch (TargetGuard.Refused refused) {
      return new WebhookSender.Answer(
          0, null, null, REFUSED + "the URL " + refused.getMessage(), Duration.ZERO);
    }
    long timestamp = now.getEpochSecond();
    String id = delivery.id().toString();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("User-Agent", "Allegro-Webhooks");
    headers.put("X-Allegro-Event", delivery.eventType());
    headers.put("X-Allegro-Event-Id", delivery.eventId().toString());
    headers.put("X-Allegro-Delivery", id);
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", Long.toString(timestamp));
    headers.put(
        "webhook-signature",
        Signature.header(endpoint.signingSecrets(now), id, timestamp, delivery.payload()));
    return sender.post(url, address, headers, delivery.payload());
  }

  private static String describe(WebhookSender.Answer answer) {
    return answer.status() == 0 ? answer.error() : "answered " + answer.status();
  }

  private void disable(Endpoint endpoint, String reason) {
    if (!endpoints.disable(endpoint.id(), reason)) {
      return;
    }
    cache.changed();
    log.warn(
        "Webhook endpoint {} of tenant {} disabled: {}", endpoint.id(), endpoint.tenant(), reason);
    List<String> members = users.memberEmails(endpoint.tenant());
    if (members.isEmpty()) {
      return;
    }
    String text =
        "Allegro turned off your webhook endpoint "
            + endpoint.url()
            + " ("
            + endpoint.id()
            + ").\n\n"
            + reason
            + "\n\nTurn it on again with PATCH /api/v1/webhooks/"
            + endpoint.id()
            + " {\"active\": true} once it answers.\n";
    mailer
        .getObject()
        .send(
            new Mail(
                members,
                "Webhook endpoint disabled: " + endpoint.url(),
                text,
                "<pre>" + org.springframework.web.util.HtmlUtils.htmlEscape(text) + "</pre>"));
  }
}
