package dev.allegro.cli;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.embedded.ServerSettings;
import java.util.Map;
import java.util.Set;

/**
 * What the launcher reads from the environment, once, before anything starts: the roles {@code
 * serve} runs, where the servers are, and whether one-shot commands may use the start-up cache.
 * Every other setting reaches Spring through {@code application.yml}.
 *
 * @param roles {@code ALLEGRO_ROLES}; unset means every role
 * @param servers {@code DB_*}, {@code REDIS_*}, {@code ALLEGRO_EMBEDDED}, {@code ALLEGRO_DATA_DIR}
 * @param startupCache false when {@code ALLEGRO_CLI_CACHE=false}: one-shot commands then always run
 *     in the launching JVM ({@link StartupCache})
 */
record LaunchSettings(Set<Role> roles, ServerSettings servers, boolean startupCache) {

  /**
   * @throws IllegalArgumentException naming the variable whose value is not understood
   */
  static LaunchSettings from(Map<String, String> env) {
    return new LaunchSettings(
        Set.copyOf(Role.parse(env.get("ALLEGRO_ROLES"))),
        ServerSettings.from(env),
        !"false".equalsIgnoreCase(env.getOrDefault("ALLEGRO_CLI_CACHE", "").trim()));
  }
}
