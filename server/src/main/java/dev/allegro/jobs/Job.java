package dev.allegro.jobs;

/**
 * A unit of background work: a record whose components are its JSON payload. Each job type has a
 * {@link JobHandler} bean that names the type and runs it.
 */
public interface Job {}
