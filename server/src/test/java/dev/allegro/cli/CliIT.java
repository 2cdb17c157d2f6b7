package dev.allegro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.features.FeatureFlag;
import dev.allegro.features.FeatureFlags;
import dev.allegro.tenancy.Tenants;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

@AllegroTest
class CliIT {

  @Autowired ApplicationContext context;
  @Autowired Http http;
  @Autowired Tenants tenants;
  @Autowired FeatureFlags flags;
  @Autowired JdbcClient jdbc;

  private CliRunner.Run run(String... args) {
    return new CliRunner(context).run(args);
  }

  @Test
  void tenantCreatePrintsTheIdAndTenantListShowsIt() {
    var created =
        run(
            "tenant:create",
            "umbrella",
            "--name",
            "Umbrella",
            "--domain",
            "umbrella.test",
            "u2.test");

    assertThat(created.exitCode()).isZero();
    long id = Long.parseLong(created.out().trim());
    assertThat(tenants.require("umbrella").id().value()).isEqualTo(id);
    assertThat(tenants.require("umbrella").domains()).containsExactly("umbrella.test", "u2.test");

    var list = run("tenant:list");
    assertThat(list.out())
        .contains("SLUG")
        .containsPattern(id + " +umbrella +Umbrella +umbrella.test,u2.test");
  }

  @Test
  void tenantCreateRefusesBadArguments() {
    var missingName = run("tenant:create", "nameless", "--domain", "nameless.test");
    assertThat(missingName.exitCode()).isEqualTo(2);
    assertThat(missingName.err()).contains("--name");

    var badSlug = run("tenant:create", "Bad Slug", "--name", "B", "--domain", "bad.test");
    assertThat(badSlug.exitCode()).isEqualTo(1);
    assertThat(badSlug.err()).contains("slug");
    assertThat(badSlug.out()).isEmpty();
  }

  @Test
  void userAndTokenCreateGiveAWorkingTokenOnStdoutOnly() {
    run("tenant:create", "wayne", "--name", "Wayne", "--domain", "wayne.test");
    var user = run("user:create", "bruce@wayne.test", "--name", "Bruce", "--tenant", "wayne");
    assertThat(user.exitCode()).isZero();
    assertThat(user.out().trim()).matches("\\d+");

    var token =
        run(
            "token:create",
            "bruce@wayne.test",
            "--name",
            "ci",
            "--abilities",
            "events:read,events:delete",
            "--expires",
            "30d");

    assertThat(token.exitCode()).isZero();
    String plain = token.out().strip();
    assertThat(token.out()).isEqualTo(plain + System.lineSeparator());
    assertThat(plain).matches("\\d+\\|[A-Za-z0-9]{40}");
    var me = http.get("/api/v1/me").host("wayne.test").bearer(plain).send();
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().at("/data/abilities").toString())
        .isEqualTo("[\"events:read\",\"events:delete\"]");
    assertThat(
            jdbc.sql(
                    "SELECT expires_at > now() + interval '29 days' FROM personal_access_tokens"
                        + " WHERE id = ?")
                .param(Long.parseLong(plain.substring(0, plain.indexOf('|'))))
                .query(Boolean.class)
                .single())
        .isTrue();
  }

  @Test
  void userAndTokenCommandsRefuseBadArguments() {
    assertThat(run("user:create", "not-an-email").exitCode()).isEqualTo(1);
    assertThat(run("user:create", "x@y.test", "--tenant", "no-such-tenant").err())
        .contains("no-such-tenant");
    assertThat(run("token:create", "nobody@y.test", "--name", "t").err()).contains("nobody@y.test");
    run("user:create", "t@y.test");
    assertThat(run("token:create", "t@y.test", "--name", "t", "--expires", "soon").err())
        .contains("not a duration");
    assertThat(run("token:create", "t@y.test", "--name", "t", "--abilities", "a b").err())
        .contains("not an ability");
    assertThat(run("token:create", "t@y.test").exitCode()).isEqualTo(2);
  }

  @Test
  void tokenRevokeStopsTheToken() {
    run("tenant:create", "stark", "--name", "Stark", "--domain", "stark.test");
    run("user:create", "tony@stark.test", "--tenant", "stark");
    String plain = run("token:create", "tony@stark.test", "--name", "t").out().strip();
    String id = plain.substring(0, plain.indexOf('|'));

    var revoked = run("token:revoke", id);

    assertThat(revoked.exitCode()).isZero();
    assertThat(http.get("/api/v1/me").host("stark.test").bearer(plain).send().status())
        .isEqualTo(401);
    assertThat(run("token:revoke", id).exitCode()).isEqualTo(1);
    assertThat(run("token:revoke", "abc").exitCode()).isEqualTo(2);
  }

  @Test
  void featureCommandsSwitchAndListFeatures() {
    run("tenant:create", "oscorp", "--name", "Oscorp", "--domain", "oscorp.test");
    run("tenant:create", "lexcorp", "--name", "LexCorp", "--domain", "lexcorp.test");
    var oscorp = tenants.require("oscorp").id();
    var lexcorp = tenants.require("lexcorp").id();

    assertThat(run("feature:activate", "UseRedisEvents", "--tenant", "oscorp").exitCode()).isZero();
    assertThat(flags.isActive(FeatureFlag.USE_REDIS_EVENTS, oscorp)).isTrue();
    assertThat(flags.isActive(FeatureFlag.USE_REDIS_EVENTS, lexcorp)).isFalse();

    assertThat(run("feature:activate", "SdkHeartbeat", "--all").exitCode()).isZero();
    assertThat(flags.isActive(FeatureFlag.SDK_HEARTBEAT, lexcorp)).isTrue();

    assertThat(run("feature:deactivate", "SdkHeartbeat", "--tenant", "lexcorp").exitCode())
        .isZero();
    assertThat(flags.isActive(FeatureFlag.SDK_HEARTBEAT, lexcorp)).isFalse();

    var list = run("feature:list");
    assertThat(list.out())
        .contains("TENANT")
        .containsPattern("oscorp +active +active")
        .containsPattern("lexcorp +inactive +inactive");
  }

  @Test
  void featureCommandsRefuseBadArguments() {
    assertThat(run("feature:activate", "UseRedisEvents").exitCode()).isEqualTo(2);
    assertThat(run("feature:activate", "UseRedisEvents", "--all", "--tenant", "x").exitCode())
        .isEqualTo(2);
    var unknown = run("feature:activate", "Nope", "--all");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("UseRedisEvents");
  }

  @Test
  void migrateReportsTheSchemaVersion() {
    var migrate = run("migrate");

    assertThat(migrate.exitCode()).isZero();
    assertThat(migrate.out()).contains("Database schema at version");
  }

  @Test
  void aBadOptionValueIsAUsageErrorNamingTheOption() {
    run("user:create", "v@y.test");

    var expires = run("token:create", "v@y.test", "--name", "t", "--expires", "3y");
    assertThat(expires.exitCode()).isEqualTo(2);
    assertThat(expires.err()).contains("--expires").contains("'3y' is not a duration");
    assertThat(expires.out()).isEmpty();

    var abilities = run("token:create", "v@y.test", "--name", "t", "--abilities", "a b");
    assertThat(abilities.exitCode()).isEqualTo(2);
    assertThat(abilities.err()).contains("--abilities").contains("not an ability");
  }

  @Test
  void everyCommandPrintsItsUsageForHelpAndExitsZero() {
    var commands = Launcher.commandLine(new CliRunner.NoPlatform()).getSubcommands();
    assertThat(commands).containsKeys("queue:dispatch", "token:create", "tenant:create");

    for (String name : commands.keySet()) {
      for (String help : new String[] {"--help", "-h"}) {
        var usage = run(name, help);
        assertThat(usage.exitCode()).as(name + " " + help + ": " + usage.err()).isZero();
        assertThat(usage.out()).startsWith("Usage: allegro " + name);
        assertThat(usage.err()).isEmpty();
      }
    }
  }

  @Test
  void unknownCommandIsAUsageError() {
    var unknown = run("tenant:explode");

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("tenant:explode");
  }

  @Test
  void appCommandsCreateListTokenInstallAndUninstall() {
    run("tenant:create", "appshop", "--name", "App shop", "--domain", "appshop.test");
    var created = run("app:create", "Dashboards", "--type", "public");
    assertThat(created.exitCode()).isZero();
    long id = Long.parseLong(created.out().trim());
    var inHouse = run("app:create", "Warehouse", "--type", "in-house", "--tenant", "appshop");
    assertThat(inHouse.exitCode()).isZero();

    var token = run("app:token", "Dashboards", "--name", "reader", "--abilities", "queues:pull");
    assertThat(token.exitCode()).isZero();
    assertThat(token.out().trim()).matches("\\d+\\|[A-Za-z0-9]{40}");
    var byId = run("app:token", Long.toString(id), "--name", "manager");
    assertThat(byId.out().trim()).matches("\\d+\\|[A-Za-z0-9]{40}");

    assertThat(run("app:install", "Dashboards", "--tenant", "appshop").exitCode()).isZero();
    assertThat(run("app:list").out())
        .containsPattern(id + " +Dashboards +public +appshop")
        .containsPattern("Warehouse +in-house +appshop");

    var uninstalled = run("app:uninstall", Long.toString(id), "--tenant", "appshop");
    assertThat(uninstalled.exitCode()).isZero();
    assertThat(run("app:list").out()).containsPattern(id + " +Dashboards +public *\\n");
  }

  @Test
  void appCommandsRefuseBadArguments() {
    var noType = run("app:create", "Typeless");
    assertThat(noType.exitCode()).isEqualTo(2);
    assertThat(noType.err()).contains("--type");

    var badType = run("app:create", "Odd", "--type", "private");
    assertThat(badType.exitCode()).isEqualTo(1);
    assertThat(badType.err()).contains("public or in-house");

    var noTenant = run("app:create", "Homeless", "--type", "in-house");
    assertThat(noTenant.exitCode()).isEqualTo(1);
    assertThat(noTenant.err()).contains("tenant");

    var unknown = run("app:token", "NoSuchApp", "--name", "t");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("No app");
    assertThat(unknown.out()).isEmpty();

    var badAbility = run("app:token", "NoSuchApp", "--name", "t", "--abilities", "no way");
    assertThat(badAbility.exitCode()).isEqualTo(2);
  }
}
