package dev.allegro.system.scheduling;

import dev.allegro.system.AllegroProperties.Role;
import java.time.Duration;

/**
 * Periodic work of a feature, run by {@link PeriodicTasks} on the nodes with its {@link #role()}:
 * once per tick across all of them, under {@link ClusterLock}, or on each of them, as its {@link
 * #scope()} says. Declare one as a bean; docs/architecture.md lists every task and why it has its
 * scope and role.
 */
public interface PeriodicTask extends Runnable {

  /** Where a task runs. */
  enum Scope {
    /**
     * Each tick runs on one node only: the nodes tick at the same wall-clock moments (every five
     * minutes means :00, :05, ...) and the one that takes the task's lock runs it.
     */
    ONCE_ACROSS_NODES,
    /** Each node runs it on its own state (what it holds in memory), at a fixed delay. */
    EVERY_NODE
  }

  /** A short name, e.g. {@code horizon:snapshot}; also the name of its lock. */
  String name();

  Duration period();

  Scope scope();

  /** The role whose nodes run the task. */
  Role role();

  /** Whether the first tick comes at start rather than one period later. */
  default boolean runsAtStart() {
    return false;
  }
}
