package dev.allegro.jobs.internal;

import java.time.Duration;

/** Periodic work of the scheduler role; each tick runs on one node. */
public interface ScheduledTask extends Runnable {

  /** Also the name of its lock. */
  String name();

  Duration period();
}
