package dev.allegro.dashboard;

import dev.allegro.jobs.Queues;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sessionIdleTimeout {@code HORIZON_SESSION_IDLE_TIMEOUT}: a signed-in session ends after
 *     this long without a request
 * @param alerts when the queues send a notification
 */
@ConfigurationProperties("allegro.dashboard")
public record DashboardProperties(
    @DefaultValue("30m") Duration sessionIdleTimeout, @DefaultValue Alerts alerts) {

  /**
   * Queue alerts (docs/dashboard.md, "Alerts").
   *
   * @param waitThresholds {@code HORIZON_WAIT_THRESHOLDS}, e.g. {@code high=10,default=60}: a queue
   *     whose wait (seconds) exceeds its threshold raises an alert; a queue not listed never does
   * @param failureRate {@code HORIZON_FAILURE_RATE_THRESHOLD}: a queue on which more than this
   *     share (0-1) of the jobs finished since the last snapshot failed raises an alert; blank
   *     turns it off
   * @param failureRateMinJobs {@code HORIZON_FAILURE_RATE_MIN_JOBS}: the failure rate counts once
   *     at least this many jobs finished, so one failure of two is not an alert
   * @param mail {@code HORIZON_ALERT_MAIL}: addresses that receive alerts
   * @param webhookUrl {@code HORIZON_ALERT_WEBHOOK_URL}: a URL that receives each alert as a JSON
   *     POST; blank for none
   * @param cooldown {@code HORIZON_ALERT_COOLDOWN}: after an alert, the same alert of the same
   *     queue is not sent again for this long, by any node
   */
  public record Alerts(
      @DefaultValue("") String waitThresholds,
      @DefaultValue("") String failureRate,
      @DefaultValue("20") int failureRateMinJobs,
      @DefaultValue("") List<String> mail,
      @DefaultValue("") String webhookUrl,
      @DefaultValue("15m") Duration cooldown) {

    public Alerts {
      mail = mail.stream().map(String::trim).filter(address -> !address.isEmpty()).toList();
      waitSeconds(waitThresholds);
      failureRateThreshold(failureRate);
      webhook(webhookUrl);
      if (failureRateMinJobs < 1) {
        throw new IllegalArgumentException(
            "HORIZON_FAILURE_RATE_MIN_JOBS: " + failureRateMinJobs + " is not at least 1");
      }
      if (cooldown.isNegative() || cooldown.isZero()) {
        throw new IllegalArgumentException("HORIZON_ALERT_COOLDOWN: " + cooldown + " is not > 0");
      }
    }

    /** Each listed queue's threshold in seconds, in the order given. */
    public Map<String, Long> waitSeconds() {
      return waitSeconds(waitThresholds);
    }

    /** The failure-rate threshold, or null when that alert is off. */
    public Double failureRateThreshold() {
      return failureRateThreshold(failureRate);
    }

    /** The webhook's URL, or null when there is none. */
    public URI webhook() {
      return webhook(webhookUrl);
    }

    private static Map<String, Long> waitSeconds(String spec) {
      var thresholds = new LinkedHashMap<String, Long>();
      for (String entry : spec.split(",")) {
        if (entry.isBlank()) {
          continue;
        }
        String[] parts = entry.split("=", 2);
        String queue = parts[0].trim();
        try {
          Queues.requireValid(queue);
          long seconds = Long.parseLong(parts.length == 2 ? parts[1].trim() : "");
          if (seconds < 1) {
            throw new NumberFormatException();
          }
          thresholds.put(queue, seconds);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "HORIZON_WAIT_THRESHOLDS: '"
                  + entry.trim()
                  + "' is not queue=seconds (e.g. high=10,default=60)");
        }
      }
      return thresholds;
    }

    private static Double failureRateThreshold(String value) {
      if (value.isBlank()) {
        return null;
      }
      try {
        double rate = Double.parseDouble(value.trim());
        if (rate > 0 && rate < 1) {
          return rate;
        }
      } catch (NumberFormatException e) {
        // named below
      }
      throw new IllegalArgumentException(
          "HORIZON_FAILURE_RATE_THRESHOLD: '" + value + "' is not a share between 0 and 1");
    }

    private static URI webhook(String value) {
      if (value.isBlank()) {
        return null;
      }
      try {
        URI uri = URI.create(value.trim());
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && uri.getHost() != null) {
          return uri;
        }
      } catch (IllegalArgumentException e) {
        // named below
      }
      throw new IllegalArgumentException(
          "HORIZON_ALERT_WEBHOOK_URL: '" + value + "' is not an http(s) URL");
    }
  }
}
