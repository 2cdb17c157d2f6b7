package dev.allegro.audience.internal.profile;

import dev.allegro.audience.AudienceProfileProperties;
import dev.allegro.tenancy.TenantId;
import dev.allegro.tracking.MemberActivity;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** Computes members' profiles from their activity and keeps them cached in Redis. */
@Service
class Profiles {

  /** A profile and whether it came from the cache. */
  record Answer(MemberProfile profile, boolean cached) {}

  private final MemberActivity activity;
  private final StringRedisTemplate redis;
  private final ProfileKeys keys;
  private final JsonMapper json;
  private final AudienceProfileProperties properties;
  private final Clock clock;

  Profiles(
      MemberActivity activity,
      StringRedisTemplate redis,
      ProfileKeys keys,
      JsonMapper json,
      AudienceProfileProperties properties,
      Clock clock) {
    this.activity = activity;
    this.redis = redis;
    this.keys = keys;
    this.json = json;
    this.properties = properties;
    this.clock = clock;
  }

  /** The cached profile, else one computed now (and cached). */
  Answer get(TenantId tenant, UUID member) {
    return cached(tenant, member)
        .map(p -> new Answer(p, true))
        .orElseGet(() -> new Answer(compute(tenant, member), false));
  }

  Optional<MemberProfile> cached(TenantId tenant, UUID member) {
    String text = redis.opsForValue().get(keys.profile(tenant, member));
    return text == null ? Optional.empty() : Optional.of(json.readValue(text, MemberProfile.class));
  }

  /** Computes the profile from the events and caches it for the configured time. */
  MemberProfile compute(TenantId tenant, UUID member) {
    var now = clock.instant();
    var a = activity.of(tenant, member.toString());
    var profile =
        new MemberProfile(
            member,
            now,
            a.firstSeen(),
            a.lastSeen(),
            a.events(),
            a.sessions(),
            a.countsByType(),
            a.lastPages().stream()
                .map(p -> new MemberProfile.Page(p.url(), p.path(), p.at()))
                .toList(),
            a.engagedSeconds());
    redis
        .opsForValue()
        .set(keys.profile(tenant, member), json.writeValueAsString(profile), properties.ttl());
    return profile;
  }
}
