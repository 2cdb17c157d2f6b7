package dev.allegro.audience.internal.profile;

import dev.allegro.auth.RequiresAbility;
import dev.allegro.system.web.ApiException;
import dev.allegro.tenancy.Tenant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A member's profile (docs/audience-sync.md); a tenant token with {@code audience:read}. */
@RestController
@RequiresAbility("audience:read")
class ProfileController {

  private final Profiles profiles;
  private final ProfileMembers members;

  ProfileController(Profiles profiles, ProfileMembers members) {
    this.profiles = profiles;
    this.members = members;
  }

  record ProfileView(
      UUID memberId,
      Instant computedAt,
      boolean cached,
      Instant firstSeenAt,
      Instant lastSeenAt,
      long events,
      long sessions,
      Map<String, Long> eventCounts,
      List<MemberProfile.Page> lastPages,
      long engagedSeconds) {

    static ProfileView of(Profiles.Answer answer) {
      var p = answer.profile();
      return new ProfileView(
          p.memberId(),
          p.computedAt(),
          answer.cached(),
          p.firstSeenAt(),
          p.lastSeenAt(),
          p.events(),
          p.sessions(),
          p.eventCounts(),
          p.lastPages(),
          p.engagedSeconds());
    }
  }

  @GetMapping("/api/v1/audience-members/{member}/profile")
  Map<String, ProfileView> profile(Tenant tenant, @PathVariable("member") String id) {
    UUID member = ProfileTarget.memberId(id).orElseThrow(() -> notFound(id));
    if (!members.exists(tenant.id(), member)) {
      throw notFound(id);
    }
    return Map.of("data", ProfileView.of(profiles.get(tenant.id(), member)));
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("No audience member has the id " + id + ".");
  }
}
