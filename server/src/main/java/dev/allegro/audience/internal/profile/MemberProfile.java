package dev.allegro.audience.internal.profile;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A member's profile as computed from the events, cached in Redis and served by the API.
 *
 * @param firstSeenAt the earliest interaction, or null when the member has no event yet
 * @param eventCounts events per type
 * @param lastPages the last 10 page views, newest first
 * @param engagedSeconds the page views' active time from the SDK's heartbeats
 */
record MemberProfile(
    UUID memberId,
    Instant computedAt,
    Instant firstSeenAt,
    Instant lastSeenAt,
    long events,
    long sessions,
    Map<String, Long> eventCounts,
    List<Page> lastPages,
    long engagedSeconds) {

  record Page(String url, String path, Instant viewedAt) {}
}
