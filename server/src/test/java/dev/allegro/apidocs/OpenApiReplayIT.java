package dev.allegro.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.features.FeatureFlag;
import dev.allegro.tenancy.Tenant;
import dev.allegro.tenancy.Tenants;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.ApiContract;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Replays requests of its own for every operation of {@code docs/openapi.yaml}: its success, and
 * each documented refusal a request can provoke (an unknown host or the other kind of host, a
 * missing or a foreign token, a body that is no JSON, of another type or too large, invalid input,
 * a conflict). {@link Http} checks every answer against the document; this test checks that each
 * was the status it provokes. An operation added to the document fails here until it has its
 * requests; the dashboard's operations (tag "Horizon dashboard") have theirs in {@code
 * HorizonApiReplayIT}, outside {@code APP_ENV=local}. The rate limit (429) is replayed by {@code
 * SdkEdgesIT}, unreachable backing services (503) by {@code RedisOutageIT}.
 */
@AllegroTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(
    properties = {
      "allegro.tracking.sdk-rate-limit-per-minute=0",
      "allegro.audience.sign-in.per-client=0"
    })
class OpenApiReplayIT {

  private static final String LANDLORD = "localhost";
  private static final String TENANT = TestData.host("replay");
  private static final String EVENT =
      "{\"type\":\"page_view\",\"session_id\":\"s\",\"url\":\"https://replay.test/\"}";
  private static final String WEBHOOK =
      "{\"url\":\"http://127.0.0.1:9/hook\",\"event_types\":[\"page_view\"]}";
  private static final String FORWARDER =
      "{\"url\":\"http://127.0.0.1:9/track\",\"event_types\":[\"page_view\"],"
          + "\"headers\":{\"Authorization\":\"Bearer k\"},"
          + "\"mapping\":{\"userId\":\"session_id\",\"timestamp\":\"created_at|unix\"}}";
  private static final String SYNC_PROVIDER =
      "{\"url\":\"http://127.0.0.1:9/sync\",\"batch_size\":50,"
          + "\"auth_header\":{\"name\":\"Authorization\",\"value\":\"Bearer k\"}}";
  private static final String TOO_LARGE = "{\"x\":\"" + "y".repeat(1024 * 1024) + "\"}";

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Tenants tenants;
  @Autowired dev.allegro.streams.Apps apps;
  @Autowired dev.allegro.audience.AudienceMembers audience;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  private final ApiContract contract = ApiContract.get();

  private String member;
  private String foreigner;
  private String admin;
  private String bundleHash;
  private String webhook;
  private String doomedWebhook;
  private String forwarder;
  private String delivery;
  private String doomedForwarder;
  private String appToken;
  private String queue;
  private String doomedQueue;
  private String subscription;
  private String audienceMember;
  private String doomedAudienceMember;
  private final String signInToken = "replay-" + UUID.randomUUID();

  /** Which hosts serve an operation. */
  enum Hosts {
    LANDLORD,
    TENANT,
    BOTH,
    ANY
  }

  /** One request: where, with which token and body, and which status it must get. */
  record Call(String method, String path, Hosts hosts, String token, String body, int status) {
    Call status(int expected) {
      return new Call(method, path, hosts, token, body, expected);
    }

    Call body(String json) {
      return new Call(method, path, hosts, token, json, status);
    }

    Call path(String other) {
      return new Call(method, other, hosts, token, body, status);
    }
  }

  @BeforeAll
  void givenATenantWithBothQueuesAnotherTenantAndTheirTokens() {
    Tenant replay = data.tenant("replay", FeatureFlag.USE_REDIS_EVENTS, FeatureFlag.SDK_HEARTBEAT);
    Tenant other = data.tenant("other");
    data.tenant("doomed");
    tenants.update(
        data.tenant("guarded"),
        new Tenants.Changes(null, null, List.of("https://shop.example"), false));
    tenants.addDomain(replay, "old.replay.test");
    member = data.token(data.member("member@replay.test", replay));
    foreigner = data.token(data.member("member@other.test", other));
    admin = data.token(data.superAdmin("root@replay.test"));
    var loader = http.get("/client.js").host(TENANT).send().body();
    var name = java.util.regex.Pattern.compile("/sdk/allegro\\.([0-9a-f]+)\\.js").matcher(loader);
    assertThat(name.find()).as("the loader names the bundle").isTrue();
    bundleHash = name.group(1);
    webhook = newWebhook();
    doomedWebhook = newWebhook();
    delivery =
        http.post("/api/v1/webhooks/" + webhook + "/ping")
            .host(TENANT)
            .bearer(member)
            .send()
            .json()
            .at("/data/delivery_id")
            .asString();
    forwarder = newForwarder(member, TENANT);
    doomedForwarder = newForwarder(member, TENANT);
    var app = apps.create("Replay app", "public", null);
    apps.install(app, replay);
    apps.create("Tenant side app", "public", null);
    apps.create("Replay in-house", "in-house", "replay");
    appToken = apps.token(app, "replay", dev.allegro.streams.Apps.APP_ABILITIES).plainText();
    queue = createQueue("replayed");
    doomedQueue = createQueue("doomed");
    subscription =
        http.post("/api/v1/queues/" + queue + "/subscriptions")
            .host(LANDLORD)
            .bearer(appToken)
            .json("{\"tenant\":\"replay\",\"event_type\":\"*\"}")
            .send()
            .json()
            .path("code")
            .asString();
    audienceMember =
        audience.findOrCreate(replay.id(), "known@replay.test", null).member().id().toString();
    doomedAudienceMember =
        audience.findOrCreate(replay.id(), "doomed@replay.test", null).member().id().toString();
    jdbc.sql(
            "INSERT INTO audience_magic_links (tenant_id, member_id, token_hash, return_url,"
                + " expires_at) VALUES (?, ?, ?, 'https://replay.test/', now() + interval '1 hour')")
        .params(
            replay.id().value(),
            UUID.fromString(audienceMember),
            dev.allegro.auth.TokenSecrets.sha256Hex(signInToken))
        .update();
  }

  private String newForwarder(String token, String host) {
    var created = http.post("/api/v1/forwarders").host(host).bearer(token).json(FORWARDER).send();
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().at("/data/id").asString();
  }

  private String newWebhook() {
    var created = http.post("/api/v1/webhooks").host(TENANT).bearer(member).json(WEBHOOK).send();
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().at("/data/id").asString();
  }

  private String createQueue(String queueName) {
    return http.post("/api/v1/queues")
        .host(LANDLORD)
        .bearer(appToken)
        .json("{\"name\":\"" + queueName + "\"}")
        .send()
        .json()
        .path("code")
        .asString();
  }

  private Call app(String method, String path, int status) {
    return new Call(method, path, Hosts.LANDLORD, appToken, null, status);
  }

  private Call tenant(String method, String path, int status) {
    return new Call(method, path, Hosts.TENANT, member, null, status);
  }

  private Call landlord(String method, String path, int status) {
    return new Call(method, path, Hosts.LANDLORD, admin, null, status);
  }

  private static Call open(String method, String path, Hosts hosts, int status) {
    return new Call(method, path, hosts, null, null, status);
  }

  /** A successful request of each operation, by operationId. */
  private Map<String, List<Call>> successes() {
    String beat = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"active_seconds\":5}";
    var calls = new LinkedHashMap<String, List<Call>>();
    calls.put(
        "trackEvents",
        List.of(
            open("POST", "/api/events", Hosts.TENANT, 201).body(EVENT),
            open("POST", "/api/events", Hosts.TENANT, 202).body("{\"events\":[" + EVENT + "]}")));
    calls.put(
        "sendHeartbeat", List.of(open("POST", "/api/heartbeat", Hosts.TENANT, 204).body(beat)));
    calls.put(
        "trackEventsFromServer",
        List.of(
            tenant("POST", "/api/v1/events", 201).body(EVENT),
            tenant("POST", "/api/v1/events", 202)
                .body("{\"events\":[" + EVENT + "," + EVENT + "]}")));
    calls.put("me", List.of(tenant("GET", "/api/v1/me", 200)));
    calls.put(
        "readEventQueue",
        List.of(
            tenant("GET", "/api/platform/events", 200),
            tenant("GET", "/api/platform/events?limit=1&wait=0", 200)));
    calls.put(
        "deleteFromEventQueue", List.of(tenant("DELETE", "/api/platform/events?count=1", 204)));
    calls.put(
        "readHeartbeatQueue", List.of(tenant("GET", "/api/platform/heartbeats?limit=5", 200)));
    calls.put(
        "deleteFromHeartbeatQueue",
        List.of(tenant("DELETE", "/api/platform/heartbeats?count=1", 204)));
    calls.put(
        "listTenants", List.of(landlord("GET", "/api/v1/landlord/tenants?page=1&per_page=2", 200)));
    calls.put(
        "createTenant",
        List.of(
            landlord("POST", "/api/v1/landlord/tenants", 201)
                .body("{\"slug\":\"fresh\",\"name\":\"Fresh\",\"domains\":[\"fresh.test\"]}")));
    calls.put("showTenant", List.of(landlord("GET", "/api/v1/landlord/tenants/replay", 200)));
    calls.put(
        "updateTenant",
        List.of(
            landlord("PATCH", "/api/v1/landlord/tenants/replay", 200)
                .body("{\"name\":\"Replay\",\"allowed_origins\":null}")));
    calls.put("deleteTenant", List.of(landlord("DELETE", "/api/v1/landlord/tenants/doomed", 204)));
    calls.put(
        "addTenantDomain",
        List.of(
            landlord("POST", "/api/v1/landlord/tenants/replay/domains", 201)
                .body("{\"domain\":\"www.replay.test\"}")));
    calls.put(
        "removeTenantDomain",
        List.of(
            landlord("DELETE", "/api/v1/landlord/tenants/replay/domains/old.replay.test", 204)));
    calls.put("listFeatures", List.of(landlord("GET", "/api/v1/landlord/features", 200)));
    calls.put(
        "showTenantFeatures",
        List.of(landlord("GET", "/api/v1/landlord/tenants/replay/features", 200)));
    calls.put(
        "activateFeature",
        List.of(
            landlord("POST", "/api/v1/landlord/features/UseRedisEvents/activate", 200)
                .body("{\"tenant\":\"other\"}")));
    calls.put(
        "deactivateFeature",
        List.of(
            landlord("POST", "/api/v1/landlord/features/UseRedisEvents/deactivate", 200)
                .body("{\"tenant\":\"other\"}")));
    calls.put("listApps", List.of(landlord("GET", "/api/v1/landlord/apps", 200)));
    calls.put(
        "createApp",
        List.of(
            landlord("POST", "/api/v1/landlord/apps", 201)
                .body("{\"name\":\"Fresh app\",\"type\":\"public\"}")));
    calls.put("showApp", List.of(landlord("GET", "/api/v1/landlord/apps/Replay%20app", 200)));
    calls.put(
        "createAppToken",
        List.of(
            landlord("POST", "/api/v1/landlord/apps/Replay%20app/tokens", 201)
                .body("{\"name\":\"more\"}")));
    calls.put(
        "installApp",
        List.of(
            landlord("POST", "/api/v1/landlord/apps/Replay%20app/installs", 201)
                .body("{\"tenant\":\"replay\"}")));
    calls.put(
        "uninstallApp",
        List.of(landlord("DELETE", "/api/v1/landlord/apps/Replay%20app/installs/other", 204)));
    calls.put(
        "installAppOnTenant",
        List.of(
            tenant("POST", "/api/v1/apps/Tenant%20side%20app/install", 200),
            tenant("POST", "/api/v1/apps/nothing/install", 404)));
    calls.put(
        "showTenantApp",
        List.of(
            tenant("GET", "/api/v1/apps/Tenant%20side%20app", 200),
            tenant("GET", "/api/v1/apps/nothing", 404)));
    calls.put(
        "uninstallAppFromTenant",
        List.of(tenant("DELETE", "/api/v1/apps/Tenant%20side%20app/install", 204)));
    calls.put("listSubscriptionQueues", List.of(app("GET", "/api/v1/queues", 200)));
    calls.put(
        "createSubscriptionQueue",
        List.of(app("POST", "/api/v1/queues", 201).body("{\"name\":\"fresh\"}")));
    calls.put("showSubscriptionQueue", List.of(app("GET", "/api/v1/queues/" + queue, 200)));
    calls.put(
        "listQueueSubscriptions",
        List.of(app("GET", "/api/v1/queues/" + queue + "/subscriptions", 200)));
    calls.put(
        "subscribeQueue",
        List.of(
            app("POST", "/api/v1/queues/" + queue + "/subscriptions", 201)
                .body("{\"tenant\":\"replay\",\"event_type\":\"page_view\"}")));
    calls.put(
        "pullQueueEvents",
        List.of(
            app("POST", "/api/v1/queues/" + queue + "/events/pull", 200)
                .body("{\"ack_id\":null,\"limit\":10}")));
    calls.put(
        "seekSubscriptionQueue",
        List.of(
            app("POST", "/api/v1/queues/" + queue + "/seek", 200)
                .body("{\"to\":\"2026-01-01T00:00:00Z\"}")));
    calls.put(
        "deleteQueueSubscription",
        List.of(app("DELETE", "/api/v1/queues/" + queue + "/subscriptions/" + subscription, 204)));
    calls.put(
        "deleteSubscriptionQueue", List.of(app("DELETE", "/api/v1/queues/" + doomedQueue, 204)));
    calls.put("tenantHealth", List.of(tenant("GET", "/api/v1/health", 200)));
    calls.put("platformHealth", List.of(landlord("GET", "/api/v1/landlord/health", 200)));
    calls.put("livez", List.of(open("GET", "/livez", Hosts.ANY, 200)));
    calls.put("readyz", List.of(open("GET", "/readyz", Hosts.ANY, 200)));
    calls.put("landlordApiDocument", List.of(open("GET", "/openapi.json", Hosts.LANDLORD, 200)));
    calls.put("tenantApiDocument", List.of(open("GET", "/api/openapi.json", Hosts.TENANT, 200)));
    calls.put("apiReferencePage", List.of(open("GET", "/docs/api", Hosts.BOTH, 200)));
    calls.put("sdkLoader", List.of(open("GET", "/client.js", Hosts.TENANT, 200)));
    calls.put(
        "sdkBundle",
        List.of(
            open("GET", "/sdk/allegro." + bundleHash + ".js", Hosts.TENANT, 200),
            open("GET", "/sdk/allegro.0123abcd.js", Hosts.TENANT, 302)));
    String hook = "/api/v1/webhooks/" + webhook;
    calls.put("listWebhooks", List.of(tenant("GET", "/api/v1/webhooks", 200)));
    calls.put("createWebhook", List.of(tenant("POST", "/api/v1/webhooks", 201).body(WEBHOOK)));
    calls.put("showWebhook", List.of(tenant("GET", hook, 200)));
    calls.put(
        "updateWebhook", List.of(tenant("PATCH", hook, 200).body("{\"description\":\"Orders\"}")));
    calls.put("deleteWebhook", List.of(tenant("DELETE", "/api/v1/webhooks/" + doomedWebhook, 204)));
    calls.put("rotateWebhookSecret", List.of(tenant("POST", hook + "/rotate-secret", 200)));
    calls.put("pingWebhook", List.of(tenant("POST", hook + "/ping", 202)));
    calls.put(
        "resendWebhookDelivery",
        List.of(tenant("POST", hook + "/deliveries/" + delivery + "/resend", 202)));
    calls.put("listWebhookDeliveries", List.of(tenant("GET", hook + "/deliveries", 200)));
    calls.put(
        "replayWebhookEvents",
        List.of(
            tenant("POST", hook + "/replay", 202)
                .body("{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\"}")));
    String fw = "/api/v1/forwarders/" + forwarder;
    calls.put("listForwarders", List.of(tenant("GET", "/api/v1/forwarders", 200)));
    calls.put(
        "createForwarder", List.of(tenant("POST", "/api/v1/forwarders", 201).body(FORWARDER)));
    calls.put(
        "updateForwarder", List.of(tenant("PATCH", fw, 200).body("{\"success_status\":200}")));
    calls.put(
        "deleteForwarder", List.of(tenant("DELETE", "/api/v1/forwarders/" + doomedForwarder, 204)));
    calls.put(
        "dryRunForwarder",
        List.of(tenant("POST", fw + "/dry-run", 200).body("{\"event\":" + EVENT + "}")));
    String provider = "/api/v1/audience-sync/providers/http";
    calls.put(
        "putAudienceSyncHttpProvider",
        List.of(
            tenant("PUT", provider, 200).body(SYNC_PROVIDER),
            tenant("PUT", provider, 200).body("{\"url\":\"http://127.0.0.1:9/sync\"}")));
    calls.put("showAudienceSyncHttpProvider", List.of(tenant("GET", provider, 200)));
    calls.put(
        "listAudienceSyncRuns",
        List.of(
            tenant("GET", "/api/v1/audience-sync/runs", 200),
            tenant("GET", "/api/v1/audience-sync/runs?page=2&per_page=5", 200)));
    calls.put(
        "showAudienceMemberProfile",
        List.of(tenant("GET", "/api/v1/audience-members/" + audienceMember + "/profile", 200)));
    calls.put(
        "deleteAudienceSyncHttpProvider",
        List.of(tenant("DELETE", provider, 204), tenant("PUT", provider, 200).body(SYNC_PROVIDER)));
    calls.put(
        "requestMagicLink",
        List.of(
            open("POST", "/api/magic-link", Hosts.TENANT, 202)
                .body(
                    "{\"email\":\"reader@replay.test\","
                        + "\"return_url\":\"https://replay.test/account\"}")));
    calls.put(
        "validateMagicLink",
        List.of(
            open("POST", "/api/magic-link/validate", Hosts.TENANT, 200)
                .body("{\"token\":\"" + signInToken + "\"}")));
    calls.put("memberJwks", List.of(open("GET", "/.well-known/jwks.json", Hosts.TENANT, 200)));
    String am = "/api/v1/audience-members/" + audienceMember;
    calls.put(
        "listAudienceMembers",
        List.of(
            tenant("GET", "/api/v1/audience-members", 200),
            tenant(
                "GET",
                "/api/v1/audience-members?email=KNOWN@replay.test&include_deleted=true"
                    + "&foreign_key[key]=crm&foreign_key[value]=1&per_page=5",
                200)));
    calls.put(
        "createAudienceMember",
        List.of(
            tenant("POST", "/api/v1/audience-members", 201)
                .body(
                    "{\"email\":\"new@replay.test\",\"foreign_keys\":[{\"key\":\"crm\",\"value\":\"1\"}]}"),
            tenant("POST", "/api/v1/audience-members", 200)
                .body("{\"email\":\"Known@Replay.test\"}")));
    calls.put(
        "showAudienceMember",
        List.of(
            tenant("GET", am, 200),
            tenant("GET", "/api/v1/audience-members/" + UUID.randomUUID(), 404)));
    calls.put(
        "updateAudienceMember", List.of(tenant("PATCH", am, 200).body("{\"name\":\"Known\"}")));
    calls.put(
        "deleteAudienceMember",
        List.of(tenant("DELETE", "/api/v1/audience-members/" + doomedAudienceMember, 204)));
    calls.put("sdkDemoPage", List.of(open("GET", "/sdk/demo.html", Hosts.TENANT, 200)));
    calls.put("sdkDemoView", List.of(open("GET", "/sdk/demo/pricing", Hosts.TENANT, 200)));
    return calls;
  }

  /** A request of each operation that takes input, with input it refuses as invalid. */
  private Map<String, Call> invalid() {
    var calls = new LinkedHashMap<String, Call>();
    calls.put("trackEvents", open("POST", "/api/events", Hosts.TENANT, 422).body("{}"));
    calls.put("sendHeartbeat", open("POST", "/api/heartbeat", Hosts.TENANT, 422).body("{}"));
    calls.put("trackEventsFromServer", tenant("POST", "/api/v1/events", 422).body("{}"));
    calls.put("readEventQueue", tenant("GET", "/api/platform/events?limit=0", 422));
    calls.put("createWebhook", tenant("POST", "/api/v1/webhooks", 422).body("{}"));
    calls.put("requestMagicLink", open("POST", "/api/magic-link", Hosts.TENANT, 422).body("{}"));
    calls.put(
        "validateMagicLink",
        open("POST", "/api/magic-link/validate", Hosts.TENANT, 422).body("{\"token\":\"x\"}"));
    calls.put(
        "listAudienceMembers", tenant("GET", "/api/v1/audience-members?foreign_key[key]=crm", 422));
    calls.put(
        "showAudienceMember",
        tenant(
            "GET", "/api/v1/audience-members/" + audienceMember + "?include_deleted=maybe", 422));
    calls.put(
        "createAudienceMember",
        tenant("POST", "/api/v1/audience-members", 422).body("{\"email\":\"not an address\"}"));
    calls.put(
        "updateAudienceMember",
        tenant("PATCH", "/api/v1/audience-members/" + audienceMember, 422)
            .body("{\"foreign_keys\":[{\"key\":\"\"}]}"));
    calls.put(
        "replayWebhookEvents",
        tenant("POST", "/api/v1/webhooks/" + webhook + "/replay", 422).body("{}"));
    calls.put("createForwarder", tenant("POST", "/api/v1/forwarders", 422).body("{}"));
    calls.put(
        "updateForwarder",
        tenant("PATCH", "/api/v1/forwarders/" + forwarder, 422).body("{\"method\":\"GET\"}"));
    calls.put(
        "dryRunForwarder",
        tenant("POST", "/api/v1/forwarders/" + forwarder + "/dry-run", 422).body("{}"));
    calls.put(
        "updateWebhook",
        tenant("PATCH", "/api/v1/webhooks/" + webhook, 422).body("{\"url\":\"ftp://x\"}"));
    calls.put("deleteFromEventQueue", tenant("DELETE", "/api/platform/events", 422));
    calls.put(
        "putAudienceSyncHttpProvider",
        tenant("PUT", "/api/v1/audience-sync/providers/http", 422).body("{}"));
    calls.put("listAudienceSyncRuns", tenant("GET", "/api/v1/audience-sync/runs?page=0", 422));
    calls.put("readHeartbeatQueue", tenant("GET", "/api/platform/heartbeats?wait=21", 422));
    calls.put(
        "deleteFromHeartbeatQueue", tenant("DELETE", "/api/platform/heartbeats?count=0", 422));
    calls.put("listTenants", landlord("GET", "/api/v1/landlord/tenants?per_page=0", 422));
    calls.put("createTenant", landlord("POST", "/api/v1/landlord/tenants", 422).body("{}"));
    calls.put(
        "updateTenant",
        landlord("PATCH", "/api/v1/landlord/tenants/replay", 422).body("{\"name\":\"\"}"));
    calls.put(
        "addTenantDomain",
        landlord("POST", "/api/v1/landlord/tenants/replay/domains", 422).body("[]"));
    calls.put(
        "activateFeature",
        landlord("POST", "/api/v1/landlord/features/SdkHeartbeat/activate", 422).body("{}"));
    calls.put(
        "deactivateFeature",
        landlord("POST", "/api/v1/landlord/features/SdkHeartbeat/deactivate", 422)
            .body("{\"all\":\"yes\"}"));
    calls.put("createApp", landlord("POST", "/api/v1/landlord/apps", 422).body("{}"));
    calls.put("installAppOnTenant", tenant("POST", "/api/v1/apps/Replay%20in-house/install", 422));
    calls.put(
        "createAppToken",
        landlord("POST", "/api/v1/landlord/apps/Replay%20app/tokens", 422).body("{}"));
    calls.put(
        "installApp",
        landlord("POST", "/api/v1/landlord/apps/Replay%20app/installs", 422).body("{}"));
    calls.put("createSubscriptionQueue", app("POST", "/api/v1/queues", 422).body("{}"));
    calls.put(
        "subscribeQueue",
        app("POST", "/api/v1/queues/" + queue + "/subscriptions", 422).body("{}"));
    calls.put(
        "pullQueueEvents",
        app("POST", "/api/v1/queues/" + queue + "/events/pull", 422).body("{\"limit\":0}"));
    calls.put(
        "seekSubscriptionQueue", app("POST", "/api/v1/queues/" + queue + "/seek", 422).body("{}"));
    return calls;
  }

  private Http.Response send(Call call, String host) {
    Http.Call request =
        switch (call.method()) {
          case "GET" -> http.get(call.path());
          case "POST" -> http.post(call.path());
          case "PATCH" -> http.patch(call.path());
          case "PUT" -> http.put(call.path());
          case "DELETE" -> http.delete(call.path());
          default -> throw new IllegalArgumentException(call.method());
        };
    request.host(host);
    if (call.token() != null) {
      request.bearer(call.token());
    }
    if (call.body() != null) {
      request.json(call.body());
    }
    return request.send();
  }

  private static String host(Hosts hosts) {
    return hosts == Hosts.LANDLORD ? LANDLORD : TENANT;
  }

  /** Sends each call, collecting each whose status was not the one it provokes. */
  private List<String> replay(String what, Map<String, Call> calls, Map<String, String> hosts) {
    var wrong = new ArrayList<String>();
    calls.forEach(
        (id, call) -> {
          String host = hosts.getOrDefault(id, host(call.hosts()));
          int status = send(call, host).status();
          if (status != call.status()) {
            wrong.add(id + " " + what + " on " + host + ": " + status + ", not " + call.status());
          }
        });
    return wrong;
  }

  private Map<String, Call> firstOfEach() {
    var first = new LinkedHashMap<String, Call>();
    successes().forEach((id, calls) -> first.put(id, calls.getFirst()));
    return first;
  }

  /** Every operation but the dashboard's, which {@code HorizonApiReplayIT} replays. */
  private List<ApiContract.Operation> operations() {
    return contract.operations().stream()
        .filter(
            operation ->
                !operation
                    .node()
                    .path("tags")
                    .toString()
                    .contains('"' + HorizonApiReplayIT.TAG + '"'))
        .toList();
  }

  @Test
  void everyOperationOfTheDocumentHasItsRequestsHere() {
    var documented = new TreeSet<String>();
    operations().forEach(operation -> documented.add(operation.id()));

    assertThat(successes().keySet()).containsExactlyInAnyOrderElementsOf(documented);
    var takingInput = new TreeSet<String>();
    operations().stream()
        .filter(operation -> operation.node().path("responses").has("422"))
        .forEach(operation -> takingInput.add(operation.id()));
    assertThat(invalid().keySet()).containsExactlyInAnyOrderElementsOf(takingInput);
  }

  @Test
  void everyOperationAnswersItsSuccess() {
    var wrong = new ArrayList<String>();
    successes()
        .forEach(
            (id, calls) -> {
              for (Call call : calls) {
                var hosts =
                    switch (call.hosts()) {
                      case LANDLORD -> List.of(LANDLORD);
                      case TENANT -> List.of(TENANT);
                      case BOTH -> List.of(LANDLORD, TENANT);
                      case ANY -> List.of(LANDLORD, TENANT, "nobody.test");
                    };
                for (String host : hosts) {
                  int status = send(call, host).status();
                  if (status != call.status()) {
                    wrong.add(id + " on " + host + ": " + status + ", not " + call.status());
                  }
                }
              }
            });

    assertThat(wrong).isEmpty();
  }

  @Test
  void everyOperationButTheProbesIsNotFoundOnAnUnknownHost() {
    var calls = new LinkedHashMap<String, Call>();
    var hosts = new LinkedHashMap<String, String>();
    firstOfEach()
        .forEach(
            (id, call) -> {
              if (call.hosts() != Hosts.ANY) {
                calls.put(id, call.status(404));
                hosts.put(id, "nobody.test");
              }
            });

    assertThat(replay("on an unknown host", calls, hosts)).isEmpty();
  }

  @Test
  void everyOperationOfOneKindOfHostIsNotFoundOnTheOther() {
    var calls = new LinkedHashMap<String, Call>();
    var hosts = new LinkedHashMap<String, String>();
    firstOfEach()
        .forEach(
            (id, call) -> {
              if (call.hosts() == Hosts.LANDLORD || call.hosts() == Hosts.TENANT) {
                calls.put(id, call.status(404));
                hosts.put(id, call.hosts() == Hosts.LANDLORD ? TENANT : LANDLORD);
              }
            });

    assertThat(calls).hasSizeGreaterThan(15);
    assertThat(replay("on the other kind of host", calls, hosts)).isEmpty();
  }

  @Test
  void everyOperationWithATokenRefusesNoneAndAForeignOne() {
    var anonymous = new LinkedHashMap<String, Call>();
    var foreign = new LinkedHashMap<String, Call>();
    firstOfEach()
        .forEach(
            (id, call) -> {
              if (call.token() != null) {
                anonymous.put(
                    id, new Call(call.method(), call.path(), call.hosts(), null, call.body(), 401));
                // A member of another tenant on a tenant's host; a mere member on the landlord's.
                String stranger = call.hosts() == Hosts.TENANT ? foreigner : member;
                foreign.put(
                    id,
                    new Call(call.method(), call.path(), call.hosts(), stranger, call.body(), 403));
              }
            });

    assertThat(replay("without a token", anonymous, Map.of())).isEmpty();
    assertThat(replay("with a foreign token", foreign, Map.of())).isEmpty();
  }

  @Test
  void everyOperationWithABodyRefusesNoJsonAnotherTypeAndTooMuch() {
    var notJson = new LinkedHashMap<String, Call>();
    var tooLarge = new LinkedHashMap<String, Call>();
    var types = new ArrayList<String>();
    firstOfEach()
        .forEach(
            (id, call) -> {
              if (call.body() != null) {
                notJson.put(id, call.body("{not json").status(400));
                tooLarge.put(id, call.body(TOO_LARGE).status(413));
                int status = sendTyped(call, "application/xml").status();
                if (status != 415) {
                  types.add(id + " with application/xml: " + status + ", not 415");
                }
              }
            });

    assertThat(notJson).hasSizeGreaterThan(5);
    assertThat(replay("with a body that is no JSON", notJson, Map.of())).isEmpty();
    assertThat(replay("with a body over its limit", tooLarge, Map.of())).isEmpty();
    assertThat(types).isEmpty();
  }

  private Http.Response sendTyped(Call call, String contentType) {
    Http.Call request =
        switch (call.method()) {
          case "POST" -> http.post(call.path());
          case "PATCH" -> http.patch(call.path());
          case "PUT" -> http.put(call.path());
          default -> throw new IllegalArgumentException(call.method());
        };
    request.host(host(call.hosts())).json(call.body()).header("Content-Type", contentType);
    if (call.token() != null) {
      request.bearer(call.token());
    }
    return request.send();
  }

  @Test
  void everySdkOperationRefusesAnOriginTheTenantDoesNotAllow() {
    var wrong = new ArrayList<String>();
    contract.operations().stream()
        .filter(operation -> operation.node().path("tags").toString().contains("\"SDK\""))
        .forEach(
            operation -> {
              Call call = successes().get(operation.id()).getFirst();
              int status =
                  http.post(call.path())
                      .host(TestData.host("guarded"))
                      .header("Origin", "https://evil.example")
                      .json(call.body())
                      .send()
                      .status();
              if (status != 403) {
                wrong.add(operation.id() + " from another origin: " + status + ", not 403");
              }
            });

    assertThat(wrong).isEmpty();
  }

  @Test
  void everyOperationThatTakesInputRefusesInvalidInput() {
    assertThat(replay("with invalid input", invalid(), Map.of())).isEmpty();
  }

  @Test
  void everyDocumentedConflictIsProvoked() {
    Tenant full = data.tenant("full");
    String owner = data.token(data.member("member@full.test", full));
    for (int i = 0; i < 5; i++) {
      http.post("/api/v1/webhooks").host(TestData.host("full")).bearer(owner).json(WEBHOOK).send();
    }
    for (int i = 0; i < 20; i++) {
      newForwarder(owner, TestData.host("full"));
    }
    String disabled = newWebhook();
    http.patch("/api/v1/webhooks/" + disabled)
        .host(TENANT)
        .bearer(member)
        .json("{\"active\":false}")
        .send();
    var calls = new LinkedHashMap<String, Call>();
    calls.put(
        "createForwarder",
        new Call("POST", "/api/v1/forwarders", Hosts.TENANT, owner, FORWARDER, 409));
    calls.put(
        "replayWebhookEvents",
        tenant("POST", "/api/v1/webhooks/" + disabled + "/replay", 409)
            .body("{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\"}"));
    calls.put(
        "createWebhook", new Call("POST", "/api/v1/webhooks", Hosts.TENANT, owner, WEBHOOK, 409));
    calls.put(
        "deleteFromEventQueue",
        tenant("DELETE", "/api/platform/events?count=1&last_id=nothing-there", 409));
    calls.put(
        "deleteFromHeartbeatQueue",
        tenant("DELETE", "/api/platform/heartbeats?count=1&last_id=nothing-there", 409));
    calls.put(
        "pullQueueEvents",
        app("POST", "/api/v1/queues/" + queue + "/events/pull", 409)
            .body("{\"ack_id\":\"forged.AAAA\"}"));

    var conflicting = new TreeSet<String>();
    contract.operations().stream()
        .filter(operation -> operation.node().path("responses").has("409"))
        .forEach(operation -> conflicting.add(operation.id()));
    assertThat(calls.keySet()).containsExactlyInAnyOrderElementsOf(conflicting);
    assertThat(
            replay(
                "provoking a conflict",
                calls,
                Map.of(
                    "createWebhook",
                    TestData.host("full"),
                    "createForwarder",
                    TestData.host("full"))))
        .isEmpty();
  }
}
