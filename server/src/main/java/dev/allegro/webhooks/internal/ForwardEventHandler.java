package dev.allegro.webhooks.internal;

import dev.allegro.jobs.Dispatch;
import dev.allegro.jobs.JobHandler;
import dev.allegro.webhooks.WebhookMetrics;
import dev.allegro.webhooks.WebhooksProperties;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code forwarding.send}: one request to the forwarder's service; any status but its success
 * status fails the try (as the seed's {@code throwUnlessStatus(201)}), 5 tries with backoff, then a
 * failed job in {@code queue:failed}.
 */
@Component
class ForwardEventHandler implements JobHandler<ForwardEvent> {

  static final String TYPE = "forwarding.send";
  static final int TRIES = 5;

  private final ForwarderStore forwarders;
  private final TargetGuard guard;
  private final WebhookSender sender;
  private final List<Integer> backoff;
  private final WebhookMetrics metrics;

  ForwardEventHandler(
      ForwarderStore forwarders,
      TargetGuard guard,
      WebhookSender sender,
      WebhooksProperties properties,
      WebhookMetrics metrics) {
    this.metrics = metrics;
    this.backoff = List.copyOf(properties.forwardingBackoff());
    this.forwarders = forwarders;
    this.guard = guard;
    this.sender = sender;
  }

  /** A try that did not get the success status. */
  static final class NotForwarded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotForwarded(String message) {
      super(message);
    }
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<ForwardEvent> jobClass() {
    return ForwardEvent.class;
  }

  @Override
  public Dispatch defaults() {
    return Dispatch.defaults().tries(TRIES).backoff(backoff.toArray(Integer[]::new));
  }

  @Override
  public void handle(ForwardEvent job) throws Exception {
    var forwarder = forwarders.find(job.forwarder()).orElse(null);
    if (forwarder == null) {
      return; // deleted since
    }
    java.net.InetAddress address;
    try {
      address = guard.check(forwarder.url()).getFirst();
    } catch (TargetGuard.Refused refused) {
      metrics.forward(WebhookMetrics.Outcome.REFUSED);
      throw new NotForwarded("Refused: the URL " + refused.getMessage());
    }
    var headers = new LinkedHashMap<String, String>();
    headers.put("Content-Type", "application/json");
    headers.put("User-Agent", "Allegro-Forwarding");
    headers.putAll(forwarder.headers());
    var answer =
        sender.send(forwarder.method(), URI.create(forwarder.url()), address, headers, job.body());
    boolean sent = answer.status() == forwarder.successStatus();
    metrics.forward(sent ? WebhookMetrics.Outcome.SENT : WebhookMetrics.Outcome.FAILED);
    if (!sent) {
      throw new NotForwarded(
          (answer.status() == 0 ? answer.error() : "answered " + answer.status())
              + ", not "
              + forwarder.successStatus());
    }
  }
}
