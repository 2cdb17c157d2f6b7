package dev.allegro.audience.internal.sync;

import dev.allegro.audience.AudienceSyncProperties;
import dev.allegro.tenancy.TenantId;
import dev.allegro.webhooks.OutgoingRequests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generic HTTP provider: POSTs {@code {"provider":"http","tenant_id":..,"members":[..]}} (at
 * most the tenant's batch size) to the tenant's URL with its auth header, through the webhooks'
 * SSRF guard and timeout, and takes {@code {"profiles":{"<member id>":{..}}}} from a 2xx answer.
 */
@Component
class HttpProvider implements SyncProvider {

  static final String NAME = "http";
  static final int MAX_ANSWER = 8 * 1024 * 1024;

  private final HttpProviderStore configs;
  private final SyncMemberStore members;
  private final OutgoingRequests requests;
  private final JsonMapper json;
  private final AudienceSyncProperties properties;
  private final Clock clock;

  HttpProvider(
      HttpProviderStore configs,
      SyncMemberStore members,
      OutgoingRequests requests,
      JsonMapper json,
      AudienceSyncProperties properties,
      Clock clock) {
    this.configs = configs;
    this.members = members;
    this.requests = requests;
    this.json = json;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TenantId> tenants() {
    return configs.enabledTenants();
  }

  @Override
  public boolean enabledFor(TenantId tenant) {
    return configs.find(tenant).map(HttpProviderConfig::enabled).orElse(false);
  }

  @Override
  public List<UUID> membersToSync(TenantId tenant, Instant since) {
    return members.due(tenant, NAME, since, clock.instant().minus(refreshInterval()));
  }

  @Override
  public Duration refreshInterval() {
    return properties.refreshInterval();
  }

  @Override
  public Duration maxAgeOnLogin() {
    return properties.maxAgeOnLogin();
  }

  @Override
  public int batchSize(TenantId tenant) {
    return configs
        .find(tenant)
        .map(HttpProviderConfig::batchSize)
        .orElse(HttpProviderConfig.DEFAULT_BATCH);
  }

  @Override
  public Map<UUID, String> sync(TenantId tenant, List<SyncMemberData> batch) throws SyncFailed {
    var config =
        configs
            .find(tenant)
            .filter(HttpProviderConfig::enabled)
            .orElseThrow(() -> new SyncFailed("the tenant's HTTP provider is not enabled"));
    if (batch.size() > config.batchSize()) {
      throw new IllegalArgumentException("at most " + config.batchSize() + " members a request");
    }
    var headers = new LinkedHashMap<String, String>();
    headers.put("User-Agent", "Allegro-Audience-Sync");
    if (config.authHeaderName() != null && config.authHeaderSealed() != null) {
      headers.put(config.authHeaderName(), requests.unseal(config.authHeaderSealed()));
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("provider", NAME);
    body.put("tenant_id", tenant.value());
    body.put("members", batch);
    OutgoingRequests.Answer answer;
    try {
      answer = requests.postJson(config.url(), headers, json.writeValueAsString(body), MAX_ANSWER);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SyncFailed("interrupted");
    }
    if (!answer.succeeded()) {
      throw new SyncFailed(
          answer.status() == 0 ? answer.error() : "the provider answered " + answer.status());
    }
    return profiles(batch, answer.body());
  }

  private Map<UUID, String> profiles(List<SyncMemberData> batch, String body) throws SyncFailed {
    JsonNode answered;
    try {
      answered = body == null || body.isBlank() ? null : json.readTree(body).path("profiles");
    } catch (JacksonException e) {
      throw new SyncFailed("the provider's answer is not JSON");
    }
    var profiles = new HashMap<UUID, String>();
    for (SyncMemberData member : batch) {
      JsonNode profile = answered == null ? null : answered.get(member.id().toString());
      profiles.put(
          member.id(),
          profile == null || profile.isNull() ? null : json.writeValueAsString(profile));
    }
    return profiles;
  }
}
