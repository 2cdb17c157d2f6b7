package dev.allegro.dashboard.internal;

import dev.allegro.dashboard.DashboardProperties;
import dev.allegro.dashboard.DashboardProperties.Alerts;
import dev.allegro.jobs.JobMonitor;
import dev.allegro.jobs.QueueSize;
import dev.allegro.mail.Mail;
import dev.allegro.mail.Mailer;
import dev.allegro.system.AllegroProperties;
import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.scheduling.PeriodicTask;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code horizon:alerts}, every minute on one scheduler node: a queue whose wait exceeds its
 * threshold, or whose failure rate since the last snapshot exceeds the threshold, is reported by
 * mail and to the alert webhook. The wait is the larger of Horizon's estimate (ready jobs × average
 * runtime / processes) and the age of the oldest ready job, so a queue that no worker reads alerts
 * too. Each alert of a queue is sent at most once per cooldown, across nodes: the first node to set
 * its Redis key (SET NX with the cooldown as expiry) sends it.
 */
@Component
class QueueAlerts implements PeriodicTask {

  private static final Logger log = LoggerFactory.getLogger(QueueAlerts.class);
  private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(5);

  /** One alert: its kind ({@code long_wait}, {@code failure_rate}), queue and figures. */
  record Alert(String kind, String queue, String summary, Map<String, Object> figures) {}

  private final Alerts settings;
  private final JobMonitor monitor;
  private final Mailer mailer;
  private final StringRedisTemplate redis;
  private final JsonMapper json;
  private final Clock clock;
  private final String keyPrefix;
  private final String environment;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(WEBHOOK_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          // HTTP/1.1 plainly: no h2c upgrade headers a strict receiver could trip on
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  QueueAlerts(
      DashboardProperties dashboard,
      JobMonitor monitor,
      Mailer mailer,
      StringRedisTemplate redis,
      JsonMapper json,
      Clock clock,
      AllegroProperties allegro) {
    this.settings = dashboard.alerts();
    this.monitor = monitor;
    this.mailer = mailer;
    this.redis = redis;
    this.json = json;
    this.clock = clock;
    this.keyPrefix = allegro.redisPrefix() + "horizon:alerts:";
    this.environment = allegro.env().name().toLowerCase(Locale.ROOT);
  }

  @Override
  public Schedule schedule() {
    return Schedule.onceAcrossNodes("horizon:alerts", Duration.ofMinutes(1), Role.SCHEDULER);
  }

  @Override
  public void run() {
    for (Alert alert : detect()) {
      if (firstInCooldown(alert)) {
        send(alert);
      }
    }
  }

  /** The alerts the queues raise now, before the cooldown is applied. */
  List<Alert> detect() {
    var alerts = new ArrayList<Alert>();
    var waits = monitor.waits();
    for (var threshold : settings.waitSeconds().entrySet()) {
      String queue = threshold.getKey();
      if (!waits.containsKey(queue)) {
        continue;
      }
      QueueSize size = monitor.size(queue);
      long wait = Math.max(waits.get(queue).waitSeconds(), size.oldestReadyAge().toSeconds());
      if (wait > threshold.getValue()) {
        var figures = new LinkedHashMap<String, Object>();
        figures.put("wait_seconds", wait);
        figures.put("threshold_seconds", threshold.getValue());
        figures.put("pending", size.ready());
        alerts.add(
            new Alert(
                "long_wait",
                queue,
                "Queue %s: jobs wait %d s, over its threshold of %d s (%d pending)"
                    .formatted(queue, wait, threshold.getValue(), size.ready()),
                figures));
      }
    }
    Double maxRate = settings.failureRateThreshold();
    if (maxRate != null) {
      for (String queue : monitor.queues()) {
        var outcomes = monitor.outcomes(queue);
        long finished = outcomes.completed() + outcomes.failed();
        if (finished >= settings.failureRateMinJobs() && outcomes.failureRate() > maxRate) {
          var figures = new LinkedHashMap<String, Object>();
          figures.put("failure_rate", Math.round(outcomes.failureRate() * 1000) / 1000.0);
          figures.put("threshold", maxRate);
          figures.put("failed", outcomes.failed());
          figures.put("completed", outcomes.completed());
          alerts.add(
              new Alert(
                  "failure_rate",
                  queue,
                  "Queue %s: %d of %d jobs failed (%.0f %%), over the threshold of %.0f %%"
                      .formatted(
                          queue,
                          outcomes.failed(),
                          finished,
                          outcomes.failureRate() * 100,
                          maxRate * 100),
                  figures));
        }
      }
    }
    return alerts;
  }

  private boolean firstInCooldown(Alert alert) {
    Boolean set =
        redis
            .opsForValue()
            .setIfAbsent(
                keyPrefix + alert.kind() + ":" + alert.queue(),
                clock.instant().toString(),
                settings.cooldown());
    return Boolean.TRUE.equals(set);
  }

  private void send(Alert alert) {
    log.warn("Queue alert: {}", alert.summary());
    if (!settings.mail().isEmpty()) {
      try {
        mailer.sendNow(mail(alert));
      } catch (Exception e) {
        log.error("The alert mail to {} could not be sent", settings.mail(), e);
      }
    }
    URI webhook = settings.webhook();
    if (webhook != null) {
      try {
        var response =
            http.send(
                HttpRequest.newBuilder(webhook)
                    .timeout(WEBHOOK_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Allegro-Alerts")
                    .POST(HttpRequest.BodyPublishers.ofString(body(alert)))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
          log.error("The alert webhook {} answered {}", webhook, response.statusCode());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        log.error("The alert webhook {} could not be reached", webhook, e);
      }
    }
  }

  /** The webhook's JSON: the alert, the queue, the environment, when, and the figures. */
  String body(Alert alert) {
    var body = new LinkedHashMap<String, Object>();
    body.put("alert", alert.kind());
    body.put("queue", alert.queue());
    body.put("environment", environment);
    body.put("detected_at", clock.instant().toString());
    body.put("message", alert.summary());
    body.putAll(alert.figures());
    return json.writeValueAsString(body);
  }

  private Mail mail(Alert alert) {
    String subject = "[Allegro " + environment + "] " + alert.summary();
    String text =
        alert.summary()
            + ".\n\nSee the dashboard at /horizon on the landlord host. The same alert of this"
            + " queue is not sent again for "
            + settings.cooldown().toMinutes()
            + " minutes.\n";
    String html = "<p>" + HtmlUtils.htmlEscape(alert.summary()) + ".</p>";
    return new Mail(settings.mail(), subject, text, html);
  }
}
