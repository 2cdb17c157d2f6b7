/**
 * Cross-cutting wiring every feature may use: configuration, the JSON error shape, cache
 * invalidation across nodes, and the embedded servers of the zero-setup run.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package dev.allegro.system;

import org.springframework.modulith.ApplicationModule;
