package dev.allegro.cli;

import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.system.embedded.EmbeddedServers;
import dev.allegro.system.embedded.Infrastructure;
import java.util.Set;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The platform as the launcher gives it to commands: the servers, then a Spring context, each
 * started when a command first needs it, so that a command that fails on its arguments starts
 * nothing.
 */
final class CommandPlatform implements PlatformAccess, AutoCloseable {

  private final Class<?> application;
  private final LaunchSettings settings;
  private Infrastructure infrastructure;
  private ConfigurableApplicationContext context;

  CommandPlatform(Class<?> application, LaunchSettings settings) {
    this.application = application;
    this.settings = settings;
  }

  @Override
  public synchronized <T> T bean(Class<T> type) {
    if (context == null) {
      context = Platform.startCommandContext(infrastructure().springProperties());
    }
    return context.getBean(type);
  }

  @Override
  public int serve() {
    return run(settings.roles());
  }

  @Override
  public int run(Set<Role> roles) {
    var running = Platform.startNode(application, infrastructure(), roles);
    int exitCode = Platform.awaitShutdown(running, infrastructure, roles);
    infrastructure = null; // closed by the shutdown hook, after the context
    return exitCode;
  }

  private synchronized Infrastructure infrastructure() {
    if (infrastructure == null) {
      infrastructure = Infrastructure.resolve(settings.servers(), EmbeddedServers.bundled());
    }
    return infrastructure;
  }

  @Override
  public synchronized void close() {
    if (context != null) {
      context.close();
      context = null;
    }
    if (infrastructure != null) {
      infrastructure.close();
      infrastructure = null;
    }
  }
}
