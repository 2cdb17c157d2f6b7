package dev.allegro.jobs;

import dev.allegro.jobs.internal.JobsProperties;
import dev.allegro.jobs.internal.JobsProperties.Overrides;
import dev.allegro.jobs.internal.JobsProperties.Supervisor;
import dev.allegro.system.AllegroProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Horizon's "publish the config" (seed: queue-management): the supervisor configuration in force,
 * the defaults and what each {@code APP_ENV} changes, as the YAML that {@code HORIZON_CONFIG} (or
 * {@code ./horizon.yml}) reads back at start. Environment variables still win over that file.
 */
@Service
public class HorizonConfig {

  private final JobsProperties properties;
  private final AllegroProperties allegro;

  HorizonConfig(JobsProperties properties, AllegroProperties allegro) {
    this.properties = properties;
    this.allegro = allegro;
  }

  public String yaml() {
    String env = allegro.env().name().toLowerCase(Locale.ROOT);
    var lines = new ArrayList<String>();
    lines.add("# Horizon's supervisor configuration, as this node reads it (application.yml, then");
    lines.add("# HORIZON_CONFIG or ./horizon.yml, then environment variables, which win).");
    lines.add("# Save it as horizon.yml (or point HORIZON_CONFIG at it), edit it and restart.");
    lines.add(
        "# In force here (APP_ENV="
            + env
            + "): "
            + inline(properties.supervisorFor(allegro.env())));
    lines.add("allegro:");
    lines.add("  jobs:");
    lines.add("    # The defaults of every environment.");
    lines.add("    supervisor:");
    supervisor(properties.supervisor()).forEach(line -> lines.add("      " + line));
    lines.add("    # What each APP_ENV (local, staging, production) changes.");
    if (properties.environments().isEmpty()) {
      lines.add("    environments: {}");
    } else {
      lines.add("    environments:");
      for (Map.Entry<String, Overrides> entry : properties.environments().entrySet()) {
        var changed = overrides(entry.getValue());
        lines.add("      " + entry.getKey() + ":" + (changed.isEmpty() ? " {}" : ""));
        changed.forEach(line -> lines.add("        " + line));
      }
    }
    return String.join("\n", lines) + "\n";
  }

  private static List<String> supervisor(Supervisor s) {
    return List.of(
        "balance: " + balance(s.balance()),
        "queue: " + s.queue(),
        "max-processes: " + s.maxProcesses(),
        "min-processes: " + s.minProcesses(),
        "balance-max-shift: " + s.balanceMaxShift(),
        "balance-cooldown: " + duration(s.balanceCooldown()),
        "tries: " + s.tries(),
        "timeout: " + duration(s.timeout()));
  }

  private static List<String> overrides(Overrides o) {
    var lines = new ArrayList<String>();
    if (o.balance() != null) {
      lines.add("balance: " + balance(o.balance()));
    }
    if (o.queue() != null) {
      lines.add("queue: " + o.queue());
    }
    if (o.maxProcesses() != null) {
      lines.add("max-processes: " + o.maxProcesses());
    }
    if (o.minProcesses() != null) {
      lines.add("min-processes: " + o.minProcesses());
    }
    if (o.balanceMaxShift() != null) {
      lines.add("balance-max-shift: " + o.balanceMaxShift());
    }
    if (o.balanceCooldown() != null) {
      lines.add("balance-cooldown: " + duration(o.balanceCooldown()));
    }
    if (o.tries() != null) {
      lines.add("tries: " + o.tries());
    }
    if (o.timeout() != null) {
      lines.add("timeout: " + duration(o.timeout()));
    }
    return lines;
  }

  private static String inline(Supervisor s) {
    return String.join(", ", supervisor(s)).replace(": ", "=");
  }

  /** Quoted, so that YAML reads {@code false} as the balance strategy and not a boolean. */
  private static String balance(JobsProperties.Balance balance) {
    return "\"" + balance.name().toLowerCase(Locale.ROOT) + "\"";
  }

  private static String duration(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long seconds = d.toSeconds();
    if (seconds % 3600 == 0 && seconds > 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0 && seconds > 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
