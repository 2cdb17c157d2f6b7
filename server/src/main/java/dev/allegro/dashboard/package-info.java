/**
 * The {@code /horizon} dashboard (seed: queue-management) and its JSON API on Horizon's routes,
 * behind the staff sign-in of the auth module's {@code HorizonGate}.
 */
package dev.allegro.dashboard;
