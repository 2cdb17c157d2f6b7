package dev.allegro.system.scheduling;

import dev.allegro.system.AllegroProperties.Role;
import java.time.Duration;

/**
 * Periodic work of a feature, run by {@link PeriodicTasks} on the nodes with its schedule's role:
 * once per tick across all of them, under {@link ClusterLock}, or on each of them, as its {@link
 * Scope} says. Declare one as a bean; docs/architecture.md lists every task and why it has its
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

  /**
   * When and where a task runs.
   *
   * @param name a short name, e.g. {@code horizon:snapshot}; also the name of its lock
   * @param role the role whose nodes run the task
   * @param runsAtStart whether the first tick comes at start rather than one period later
   */
  record Schedule(String name, Duration period, Scope scope, Role role, boolean runsAtStart) {

    /** Each tick on one node of those with {@code role}. */
    public static Schedule onceAcrossNodes(String name, Duration period, Role role) {
      return new Schedule(name, period, Scope.ONCE_ACROSS_NODES, role, false);
    }

    /** Each tick on every node with {@code role}, for what that node holds. */
    public static Schedule onEveryNode(String name, Duration period, Role role) {
      return new Schedule(name, period, Scope.EVERY_NODE, role, false);
    }

    /** The same, with a first tick at start. */
    public Schedule andAtStart() {
      return new Schedule(name, period, scope, role, true);
    }
  }

  Schedule schedule();
}
