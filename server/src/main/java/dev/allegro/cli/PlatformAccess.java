package dev.allegro.cli;

import dev.allegro.system.AllegroProperties.Role;
import java.util.Set;

/** What a command needs from the platform; tests hand in their own context. */
public interface PlatformAccess {

  /** A service of the platform, starting it on first use. */
  <T> T bean(Class<T> type);

  /** Runs the roles this node is configured with until it is stopped; returns the exit code. */
  int serve();

  /** Runs the platform with these roles until it is stopped; returns the exit code. */
  int run(Set<Role> roles);
}
