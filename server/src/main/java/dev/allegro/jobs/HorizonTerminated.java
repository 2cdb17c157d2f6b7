package dev.allegro.jobs;

/**
 * Published when this node's supervisor has drained and stopped after {@code horizon:terminate}.
 * The launcher ends a worker-only process on it, as {@code php artisan horizon} exits for its
 * process manager to start it again (a deploy); nodes with other roles keep running.
 */
public record HorizonTerminated(String supervisor) {}
