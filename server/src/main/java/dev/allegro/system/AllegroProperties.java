package dev.allegro.system;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Platform-wide settings. Each is read from the environment variable named in {@code
 * docs/configuration.md} through {@code application.yml}.
 *
 * @param env the deployment environment: local, staging or production
 * @param roles what this node runs
 * @param landlordDomains hosts that serve the landlord (platform operator) context
 * @param trustedProxies addresses or CIDR ranges whose X-Forwarded-* headers are believed
 * @param redisPrefix prefix of every Redis key Allegro writes, outside Horizon's own
 * @param embedded whether this process started (or joined) the embedded PostgreSQL and Redis
 */
@ConfigurationProperties("allegro")
public record AllegroProperties(
    @DefaultValue("local") Environment env,
    @DefaultValue({"web", "worker", "scheduler"}) Set<Role> roles,
    @DefaultValue("localhost") List<String> landlordDomains,
    @DefaultValue List<String> trustedProxies,
    @DefaultValue("allegro:") String redisPrefix,
    @DefaultValue("false") boolean embedded) {

  public boolean runs(Role role) {
    return roles.contains(role);
  }

  /** The parts a node can run; {@code ALLEGRO_ROLES} lists them, comma-separated. */
  public enum Role {
    WEB,
    WORKER,
    SCHEDULER;

    /**
     * Parses {@code ALLEGRO_ROLES}; unset or blank means every role.
     *
     * @throws IllegalArgumentException naming the unknown role
     */
    public static Set<Role> parse(String commaSeparated) {
      if (commaSeparated == null || commaSeparated.isBlank()) {
        return EnumSet.allOf(Role.class);
      }
      var roles = EnumSet.noneOf(Role.class);
      for (String name : commaSeparated.split(",")) {
        String role = name.trim().toUpperCase(Locale.ROOT);
        if (role.isEmpty()) {
          continue;
        }
        try {
          roles.add(valueOf(role));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "ALLEGRO_ROLES: unknown role '" + name.trim() + "'; use web, worker, scheduler");
        }
      }
      return roles;
    }
  }

  /** Values of {@code APP_ENV}. */
  public enum Environment {
    LOCAL,
    STAGING,
    PRODUCTION
  }
}
