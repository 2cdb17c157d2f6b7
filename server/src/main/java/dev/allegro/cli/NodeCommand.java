package dev.allegro.cli;

/**
 * A command that runs the platform until it is stopped ({@code serve}, {@code horizon}, {@code
 * schedule}): it runs in the launching JVM, whose signals stop it, never in a child.
 */
interface NodeCommand {}
