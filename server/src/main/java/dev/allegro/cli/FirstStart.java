package dev.allegro.cli;

import dev.allegro.auth.Abilities;
import dev.allegro.auth.AccessTokens;
import dev.allegro.auth.Users;
import dev.allegro.features.FeatureFlag;
import dev.allegro.features.FeatureFlags;
import dev.allegro.system.AllegroProperties;
import dev.allegro.system.AllegroProperties.Role;
import dev.allegro.tenancy.NewTenant;
import dev.allegro.tenancy.Tenants;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The zero-setup run's first start: with the embedded servers and an empty database, creates a
 * super admin and a demo tenant on {@code demo.localhost} with its queues switched on, and prints
 * their URLs and tokens once, as lines a shell can export, with two curl lines that work as
 * printed. Every later start prints the URLs again and the commands that make new tokens, since the
 * first ones are not shown twice.
 */
@Component
class FirstStart {

  static final String DEMO_DOMAIN = "demo.localhost";
  static final String ADMIN_EMAIL = "admin@allegro.localhost";
  static final String DEMO_EMAIL = "demo@" + DEMO_DOMAIN;

  private final AllegroProperties properties;
  private final Users users;
  private final Tenants tenants;
  private final FeatureFlags flags;
  private final AccessTokens tokens;
  private final TransactionTemplate transaction;
  private final Environment environment;

  FirstStart(
      AllegroProperties properties,
      Users users,
      Tenants tenants,
      FeatureFlags flags,
      AccessTokens tokens,
      TransactionTemplate transaction,
      Environment environment) {
    this.properties = properties;
    this.users = users;
    this.tenants = tenants;
    this.flags = flags;
    this.tokens = tokens;
    this.transaction = transaction;
    this.environment = environment;
  }

  private record Credentials(String adminToken, String demoToken) {}

  @EventListener(ApplicationReadyEvent.class)
  void onReady() {
    if (!properties.embedded() || !properties.runs(Role.WEB)) {
      return;
    }
    if (users.anySuperAdmin()) {
      printRestart(System.out);
      return;
    }
    Credentials credentials = transaction.execute(tx -> seed());
    print(credentials, System.out);
  }

  private Credentials seed() {
    var admin = users.create(ADMIN_EMAIL, "Allegro admin", true);
    var demo = tenants.create(new NewTenant("demo", "Demo", List.of(DEMO_DOMAIN)));
    var demoUser = users.create(DEMO_EMAIL, "Demo", false);
    users.addMember(demoUser.id(), demo.id(), "owner");
    flags.activate(FeatureFlag.USE_REDIS_EVENTS, demo.id());
    flags.activate(FeatureFlag.SDK_HEARTBEAT, demo.id());
    return new Credentials(
        tokens.create(admin.id(), "first-start", Abilities.ALL, null).plainText(),
        tokens.create(demoUser.id(), "first-start", Abilities.ALL, null).plainText());
  }

  private void printRestart(PrintStream out) {
    out.println("ALLEGRO_URL=" + url());
    out.println("ALLEGRO_DEMO_URL=" + demoUrl());
    out.println(
        "# Tokens are shown on the first start only. New ones, for the admin and the demo:");
    out.println(launchCommand() + " token:create " + ADMIN_EMAIL + " --name cli");
    out.println(launchCommand() + " token:create " + DEMO_EMAIL + " --name cli");
    out.flush();
  }

  private void print(Credentials credentials, PrintStream out) {
    String url = url();
    String demoUrl = demoUrl();
    out.println("ALLEGRO_URL=" + url);
    out.println("ALLEGRO_DEMO_URL=" + demoUrl);
    out.println("ALLEGRO_ADMIN_TOKEN='" + credentials.adminToken() + "'");
    out.println("ALLEGRO_DEMO_TOKEN='" + credentials.demoToken() + "'");
    out.println(
        "curl -s "
            + url
            + "/api/v1/landlord/tenants -H 'Authorization: Bearer "
            + credentials.adminToken()
            + "'");
    out.println(
        "curl -s "
            + demoUrl
            + "/api/v1/me -H 'Authorization: Bearer "
            + credentials.demoToken()
            + "'");
    out.flush();
  }

  private String url() {
    return "http://" + properties.landlordDomains().getFirst() + ":" + port();
  }

  private String demoUrl() {
    return "http://" + DEMO_DOMAIN + ":" + port();
  }

  private String port() {
    return environment.getProperty("local.server.port", "8080");
  }

  /**
   * {@code java -jar} and the jar as this process was given it: relative to the working directory
   * when inside it, as in {@code java -jar server/target/allegro.jar}.
   */
  static String launchCommand() {
    String classPath = System.getProperty("java.class.path", "");
    if (!classPath.endsWith(".jar") || classPath.contains(File.pathSeparator)) {
      return "java -jar allegro.jar";
    }
    Path jar = Path.of(classPath).toAbsolutePath().normalize();
    Path here = Path.of("").toAbsolutePath();
    String shown = jar.startsWith(here) ? here.relativize(jar).toString() : jar.toString();
    return "java -jar " + (shown.contains(" ") ? "'" + shown + "'" : shown);
  }
}
