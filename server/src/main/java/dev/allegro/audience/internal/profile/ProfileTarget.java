package dev.allegro.audience.internal.profile;

import dev.allegro.outbox.Committed;
import dev.allegro.outbox.OutboxRow;
import dev.allegro.outbox.OutboxTarget;
import dev.allegro.tenancy.TenantId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Profile pre-warming as an outbox target: every committed event with an {@code audience_member_id}
 * that is a member id (a UUID) asks for its member's profile, which {@link Prewarming} turns into
 * at most one job per member and window. A row handed over again after a crash asks again, within
 * the window to no effect.
 */
@Component
class ProfileTarget implements OutboxTarget {

  static final String NAME = "audience-profiles";

  private final Prewarming prewarming;
  private final JsonMapper json;

  ProfileTarget(Prewarming prewarming, JsonMapper json) {
    this.prewarming = prewarming;
    this.json = json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean accepts(Committed item) {
    return item instanceof Committed.Event event && memberId(event.audienceMemberId()).isPresent();
  }

  @Override
  public int deliver(TenantId tenant, List<OutboxRow> rows) {
    var members = new LinkedHashSet<UUID>();
    for (OutboxRow row : rows) {
      memberId(json.readTree(row.json()).path("audience_member_id").asString(null))
          .ifPresent(members::add);
    }
    members.forEach(member -> prewarming.request(tenant, member));
    return rows.size();
  }

  static Optional<UUID> memberId(String value) {
    if (value == null || value.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
