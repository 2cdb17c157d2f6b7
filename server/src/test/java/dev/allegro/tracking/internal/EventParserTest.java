package dev.allegro.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.allegro.system.web.FieldErrors;
import dev.allegro.system.web.ValidationException;
import dev.allegro.tenancy.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventParserTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-02-25T18:00:00.250Z");
  private static final EventParser.Origin SDK =
      new EventParser.Origin(new TenantId(1), "192.0.2.1", "Agent/1", true);
  private static final EventParser.Origin SERVER =
      new EventParser.Origin(new TenantId(1), "192.0.2.1", "Agent/1", false);

  private final EventParser parser = new EventParser(JSON);

  private PreparedEvent parse(String json, EventParser.Origin origin) {
    var errors = new FieldErrors();
    PreparedEvent event = parser.parse(JSON.readTree(json), "", origin, NOW, errors, false);
    errors.throwIfAny();
    return event;
  }

  private Map<String, List<String>> errors(String json, String field, EventParser.Origin origin) {
    var errors = new FieldErrors();
    PreparedEvent event = parser.parse(JSON.readTree(json), field, origin, NOW, errors, false);
    assertThat(event).as("an invalid event is not prepared").isNull();
    return catchThrowableOfType(ValidationException.class, errors::throwIfAny).errors();
  }

  private static String sdkEvent(String extra) {
    return "{\"type\":\"page_view\",\"session_id\":\"s\",\"url\":\"https://x.example/p\""
        + extra
        + "}";
  }

  @Test
  void aValidEventIsEnrichedWithIdHostPathAndTheRequestsAddressAndAgent() {
    PreparedEvent event =
        parse(
            sdkEvent(",\"ip_address\":\"203.0.113.9\",\"user_agent\":\"Forged/1\"")
                .replace("https://x.example/p", "https://Shop.Example:8443/books/42?ref=x"),
            SDK);

    assertThat(event.id().version()).isEqualTo(7);
    assertThat(event.clientSuppliedId()).isFalse();
    assertThat(event.pageHostname()).isEqualTo("shop.example");
    assertThat(event.pagePath()).isEqualTo("/books/42");
    assertThat(event.ipAddress()).as("the SDK cannot state its address").isEqualTo("192.0.2.1");
    assertThat(event.userAgent()).isEqualTo("Agent/1");
    assertThat(event.receivedAt()).isEqualTo(NOW);
  }

  @Test
  void aServerMayStateItsUsersAddressAndAgentAndNeedNotSendAUrl() {
    PreparedEvent event =
        parse(
            "{\"type\":\"signup\",\"session_id\":\"s\",\"ip_address\":\"203.0.113.9\","
                + "\"user_agent\":\"Shop/1.0\"}",
            SERVER);

    assertThat(event.ipAddress()).isEqualTo("203.0.113.9");
    assertThat(event.userAgent()).isEqualTo("Shop/1.0");
    assertThat(event.url()).isNull();
    assertThat(event.pagePath()).isNull();
  }

  @Test
  void aUrlWithoutPathHasTheRootPath() {
    assertThat(parse(sdkEvent("").replace("/p\"", "\""), SDK).pagePath()).isEqualTo("/");
  }

  @Test
  void eachInvalidFieldIsNamedWithItsPrefixInABatch() {
    var errors =
        errors(
            "{\"type\":\"Page View\",\"url\":\"ftp://x.example/\",\"event_sequence\":-1,"
                + "\"data\":[1],\"context\":5,\"id\":\"not-a-uuid\",\"created_at\":\"yesterday\","
                + "\"page_title\":{\"a\":1}}",
            "events.3",
            SDK);

    assertThat(errors)
        .containsOnlyKeys(
            "events.3.type",
            "events.3.session_id",
            "events.3.url",
            "events.3.event_sequence",
            "events.3.data",
            "events.3.context",
            "events.3.id",
            "events.3.created_at",
            "events.3.page_title");
    assertThat(errors.get("events.3.type"))
        .containsExactly("The events.3.type field format is invalid.");
    assertThat(errors.get("events.3.session_id"))
        .containsExactly("The events.3.session_id field is required.");
    assertThat(errors.get("events.3.url"))
        .containsExactly("The events.3.url field must be a valid http or https URL.");
    assertThat(errors.get("events.3.event_sequence"))
        .containsExactly("The events.3.event_sequence field must be at least 0.");
    assertThat(errors.get("events.3.data"))
        .containsExactly("The events.3.data field must be an object.");
    assertThat(errors.get("events.3.context"))
        .containsExactly("The events.3.context field must be an object or a string.");
    assertThat(errors.get("events.3.page_title"))
        .containsExactly("The events.3.page_title field must be a string.");
  }

  @Test
  void theSdkMustSendAUrl() {
    assertThat(errors("{\"type\":\"x\",\"session_id\":\"s\"}", "", SDK))
        .containsEntry("url", List.of("The url field is required."));
  }

  @Test
  void textFieldsHaveTheirLengthLimits() {
    var errors =
        errors(
            sdkEvent(",\"session_id\":\"" + "s".repeat(256) + "\"")
                .replace("\"session_id\":\"s\",", ""),
            "",
            SDK);

    assertThat(errors)
        .containsEntry(
            "session_id", List.of("The session_id field must not be greater than 255 characters."));
  }

  @Test
  void dataLargerThanEightKilobytesIsRefused() {
    var errors = errors(sdkEvent(",\"data\":{\"x\":\"" + "y".repeat(8 * 1024) + "\"}"), "", SDK);

    assertThat(errors)
        .containsEntry("data", List.of("The data field must not be larger than 8 KB."));
  }

  @Test
  void anEventLargerThanThirtyTwoKilobytesIsRefusedWhole() {
    var errors =
        errors(sdkEvent(",\"page_title\":\"" + "t".repeat(33 * 1024) + "\""), "events.0", SDK);

    assertThat(errors).containsOnlyKeys("events.0");
  }

  @Test
  void nothingPostgresqlCannotStorePassesInTextOrJsonAtAnyDepth() {
    String nul = "\\u0000";

    assertThat(errors(sdkEvent(",\"device_id\":\"d" + nul + "\""), "", SDK))
        .containsEntry(
            "device_id", List.of("The device_id field must not contain NUL characters."));
    assertThat(errors(sdkEvent(",\"data\":{\"a\":[1,{\"b" + nul + "\":true}]}"), "events.2", SDK))
        .containsEntry(
            "events.2.data", List.of("The events.2.data field must not contain NUL characters."));
    assertThat(errors(sdkEvent(",\"context\":{\"c\":\"" + nul + "\"}"), "", SDK))
        .containsEntry("context", List.of("The context field must not contain NUL characters."));
    assertThat(errors(sdkEvent(",\"id\":\"" + nul + "\""), "", SDK))
        .containsEntry("id", List.of("The id field must not contain NUL characters."));
    assertThat(errors(sdkEvent(",\"data\":{\"price\":1e400}"), "", SDK))
        .containsEntry(
            "data",
            List.of("The data field must not contain numbers beyond the range of a double."));
  }

  @Test
  void nulCharactersInTheRequestsAgentAreDropped() {
    var origin = new EventParser.Origin(new TenantId(1), "192.0.2.1", "Agent\0/1", true);

    assertThat(parse(sdkEvent(""), origin).userAgent()).isEqualTo("Agent/1");
  }

  @Test
  void createdAtMustLieBetween1970And9999() {
    String range = "The created_at field must be a time between 1970-01-01 and 9999-12-31.";

    for (String outside :
        new String[] {
          "-1",
          "-1000000000000000",
          "253402300800000",
          "99999999999999999999",
          "\"1969-12-31T23:59:59.999Z\"",
          "\"+10000-01-01T00:00:00Z\""
        }) {
      assertThat(errors(sdkEvent(",\"created_at\":" + outside), "", SDK))
          .as(outside)
          .containsEntry("created_at", List.of(range));
    }
    assertThat(parse(sdkEvent(",\"created_at\":0"), SDK).clientCreatedAt())
        .isEqualTo(Instant.EPOCH);
    assertThat(parse(sdkEvent(",\"created_at\":\"9999-12-31T23:59:59Z\""), SDK).createdAt())
        .isEqualTo(NOW);
  }

  @Test
  void aClientIdIsKeptAndMarkedForTheRepeatCheck() {
    UUID id = UUID.randomUUID();

    PreparedEvent event = parse(sdkEvent(",\"id\":\"" + id + "\""), SDK);

    assertThat(event.id()).isEqualTo(id);
    assertThat(event.clientSuppliedId()).isTrue();
  }

  @Test
  void createdAtIsReadAsIsoOrEpochMilliseconds() {
    Instant stated = NOW.minusSeconds(60);

    assertThat(parse(sdkEvent(",\"created_at\":\"" + stated + "\""), SDK).createdAt())
        .isEqualTo(stated);
    assertThat(parse(sdkEvent(",\"created_at\":" + stated.toEpochMilli()), SDK).createdAt())
        .isEqualTo(stated);
    assertThat(parse(sdkEvent(",\"created_at\":\"2026-02-25T17:59:00\""), SDK).createdAt())
        .as("a time without offset is UTC")
        .isEqualTo(Instant.parse("2026-02-25T17:59:00Z"));
  }

  @Test
  void aClientTimeWithinFiveMinutesAheadAndSeventyTwoHoursBehindIsTheInteractionTime() {
    Instant ahead = NOW.plus(EventParser.MAX_AHEAD);
    Instant behind = NOW.minus(EventParser.MAX_BEHIND);

    assertThat(EventParser.interactionTime(ahead, NOW)).isEqualTo(ahead);
    assertThat(EventParser.interactionTime(behind, NOW)).isEqualTo(behind);
    assertThat(EventParser.interactionTime(null, NOW)).isEqualTo(NOW);
  }

  @Test
  void aClientTimeOutOfBoundsIsReplacedByTheReceiptAndKeptAsClientCreatedAt() {
    Instant tooFarAhead = NOW.plus(EventParser.MAX_AHEAD).plusMillis(1);
    Instant tooFarBehind = NOW.minus(EventParser.MAX_BEHIND).minusMillis(1);

    PreparedEvent ahead = parse(sdkEvent(",\"created_at\":\"" + tooFarAhead + "\""), SDK);
    PreparedEvent behind = parse(sdkEvent(",\"created_at\":" + tooFarBehind.toEpochMilli()), SDK);
    PreparedEvent recent =
        parse(sdkEvent(",\"created_at\":\"" + NOW.minus(Duration.ofHours(1)) + "\""), SDK);

    assertThat(ahead.createdAt()).isEqualTo(NOW);
    assertThat(ahead.clientCreatedAt()).isEqualTo(tooFarAhead);
    assertThat(behind.createdAt()).isEqualTo(NOW);
    assertThat(behind.clientCreatedAt()).isEqualTo(tooFarBehind);
    assertThat(recent.clientCreatedAt()).isNull();
  }

  @Test
  void theQueueItemHasExactlyTheSeedsFieldsInTheSeedsOrder() {
    PreparedEvent event =
        parse(
            sdkEvent(
                ",\"audience_member_id\":\"m-1\",\"event_sequence\":3,\"device_id\":\"d\","
                    + "\"created_at\":\"2026-02-25T17:59:59.900Z\""),
            SDK);

    JsonNode item = JSON.readTree(event.payload());

    assertThat(new ArrayList<>(item.propertyNames()))
        .containsExactly(
            "id",
            "type",
            "session_id",
            "audience_member_id",
            "url",
            "page_hostname",
            "page_path",
            "user_agent",
            "ip_address",
            "event_sequence",
            "created_at");
    assertThat(item.get("id").asString()).isEqualTo(event.id().toString());
    assertThat(item.get("audience_member_id").asString()).isEqualTo("m-1");
    assertThat(item.get("event_sequence").asInt()).isEqualTo(3);
    assertThat(item.get("created_at").asString()).isEqualTo("2026-02-25T17:59:59+00:00");
  }

  @Test
  void theQueueItemCarriesDataLastWhenTheEventHasOneAndNullsForMissingFields() {
    PreparedEvent event =
        parse(
            "{\"type\":\"buy\",\"session_id\":\"s\",\"data\":{\"sku\":\"a\",\"n\":[1,2]}}", SERVER);

    JsonNode item = JSON.readTree(event.payload());

    assertThat(new ArrayList<>(item.propertyNames()).getLast()).isEqualTo("data");
    assertThat(item.get("data").toString()).isEqualTo("{\"sku\":\"a\",\"n\":[1,2]}");
    assertThat(item.get("url").isNull()).isTrue();
    assertThat(item.get("event_sequence").isNull()).isTrue();
    assertThat(event.data()).isEqualTo("{\"sku\":\"a\",\"n\":[1,2]}");
  }
}
