package dev.allegro.jobs.internal;

import dev.allegro.system.AllegroProperties.Environment;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The job engine's settings ({@code allegro.jobs} in application.yml; variables in
 * docs/configuration.md).
 *
 * @param connection {@code QUEUE_CONNECTION}; anything but {@code redis} starts no worker
 * @param prefix {@code HORIZON_PREFIX}: Horizon's keys (records, metrics, supervisors)
 * @param leaseMargin added to a job's timeout to size its reservation: a job whose worker died runs
 *     again this long after its timeout would have struck
 * @param drainTimeout on shutdown, how long in-flight jobs may still run before they are released
 * @param supervisor defaults of every environment
 * @param environments per {@code APP_ENV} (local, staging, production), what differs
 */
@ConfigurationProperties("allegro.jobs")
public record JobsProperties(
    @DefaultValue("redis") String connection,
    @DefaultValue("horizon:") String prefix,
    @DefaultValue("30s") Duration leaseMargin,
    @DefaultValue("20s") Duration drainTimeout,
    @DefaultValue Supervisor supervisor,
    @DefaultValue Map<String, Overrides> environments) {

  public boolean redisConnection() {
    return "redis".equalsIgnoreCase(connection.trim());
  }

  /** The supervisor settings in force in {@code env}. */
  public Supervisor supervisorFor(Environment env) {
    var overrides = environments.get(env.name().toLowerCase(Locale.ROOT));
    return overrides == null ? supervisor : overrides.applyTo(supervisor);
  }

  /** Horizon's supervisor options. */
  public record Supervisor(
      @DefaultValue("false") Balance balance,
      @DefaultValue({"high", "default", "audience-sync"}) List<String> queue,
      @DefaultValue("1") int maxProcesses,
      @DefaultValue("1") int minProcesses,
      @DefaultValue("1") int balanceMaxShift,
      @DefaultValue("3s") Duration balanceCooldown,
      @DefaultValue("1") int tries,
      @DefaultValue("60s") Duration timeout) {}

  /** What one environment changes; unset values keep the defaults. */
  public record Overrides(
      Balance balance,
      List<String> queue,
      Integer maxProcesses,
      Integer minProcesses,
      Integer balanceMaxShift,
      Duration balanceCooldown,
      Integer tries,
      Duration timeout) {

    Supervisor applyTo(Supervisor base) {
      return new Supervisor(
          balance != null ? balance : base.balance(),
          queue != null ? queue : base.queue(),
          maxProcesses != null ? maxProcesses : base.maxProcesses(),
          minProcesses != null ? minProcesses : base.minProcesses(),
          balanceMaxShift != null ? balanceMaxShift : base.balanceMaxShift(),
          balanceCooldown != null ? balanceCooldown : base.balanceCooldown(),
          tries != null ? tries : base.tries(),
          timeout != null ? timeout : base.timeout());
    }
  }

  /**
   * {@code false}: every worker takes jobs in strict queue order; {@code simple}: workers split
   * evenly over the queues; {@code auto}: each queue gets workers by its backlog, between min and
   * max processes.
   */
  public enum Balance {
    FALSE,
    SIMPLE,
    AUTO
  }
}
