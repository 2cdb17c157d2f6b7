package dev.allegro.audience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.tenancy.Tenant;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The tenant API's audience members: lists, filters, the same email, soft delete, isolation. */
@AllegroTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AudienceMembersApiIT {

  private static final String BASE = "/api/v1/audience-members";

  @Autowired Http http;
  @Autowired TestData data;

  private String shopHost;
  private String shopToken;
  private String rivalHost;
  private String rivalToken;

  @BeforeAll
  void givenTwoTenantsWithATokenEach() {
    Tenant shop = data.tenant("shop");
    Tenant rival = data.tenant("rival");
    shopHost = TestData.host("shop");
    rivalHost = TestData.host("rival");
    shopToken = data.token(data.member("owner@shop.test", shop));
    rivalToken = data.token(data.member("owner@rival.test", rival));
  }

  private Http.Response create(String host, String token, String json) {
    return http.post(BASE).host(host).bearer(token).json(json).send();
  }

  private String createdId(String json) {
    var created = create(shopHost, shopToken, json);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().at("/data/id").asString();
  }

  private Http.Response get(String pathAndQuery) {
    return http.get(pathAndQuery).host(shopHost).bearer(shopToken).send();
  }

  private static List<String> emails(Http.Response page) {
    var emails = new ArrayList<String>();
    for (JsonNode member : page.json().path("data")) {
      emails.add(member.path("email").asString());
    }
    return emails;
  }

  @Test
  void theListIsNewestFirstInPagesOfTheLaravelPaginator() {
    // given three members of a tenant of its own
    Tenant paged = data.tenant("paged");
    String token = data.token(data.member("owner@paged.test", paged));
    String host = TestData.host("paged");
    for (String email : List.of("first@paged.test", "second@paged.test", "third@paged.test")) {
      assertThat(create(host, token, "{\"email\":\"" + email + "\"}").status()).isEqualTo(201);
    }

    // when the first two pages of two are read
    var first = http.get(BASE + "?per_page=2").host(host).bearer(token).send();
    var second = http.get(BASE + "?per_page=2&page=2").host(host).bearer(token).send();

    // then newest first, with the paginator's meta and links
    assertThat(first.status()).isEqualTo(200);
    assertThat(emails(first)).containsExactly("third@paged.test", "second@paged.test");
    assertThat(emails(second)).containsExactly("first@paged.test");
    assertThat(first.json().at("/meta/total").asLong()).isEqualTo(3);
    assertThat(first.json().at("/meta/last_page").asInt()).isEqualTo(2);
    assertThat(first.json().at("/links/next").asString()).endsWith(BASE + "?page=2&per_page=2");
    assertThat(second.json().at("/links/next").isNull()).isTrue();
    assertThat(second.json().at("/meta/from").asInt()).isEqualTo(3);
  }

  @Test
  void theSameEmailInAnyLetterCaseLinksToTheExistingMemberAndAddsItsForeignKeys() {
    String id = createdId("{\"email\":\"Linked@Shop.test\",\"name\":\"Linda\"}");

    var again =
        create(
            shopHost,
            shopToken,
            "{\"email\":\"linked@shop.TEST\",\"name\":\"Other\","
                + "\"foreign_keys\":[{\"key\":\"crm_id\",\"value\":\"77\"}]}");

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().at("/data/id").asString()).isEqualTo(id);
    assertThat(again.json().at("/data/email").asString()).isEqualTo("Linked@Shop.test");
    assertThat(again.json().at("/data/name").asString()).isEqualTo("Linda");
    assertThat(again.json().at("/data/foreign_keys/0/key").asString()).isEqualTo("crm_id");
    assertThat(again.json().at("/data/foreign_keys/0/value").asString()).isEqualTo("77");
    assertThat(again.json().at("/data/email_verified").asBoolean()).isFalse();
  }

  @Test
  void membersAreFoundByEmailAndByForeignKey() {
    String byKey =
        createdId(
            "{\"email\":\"keyed@shop.test\",\"foreign_keys\":[{\"key\":\"shopify\",\"value\":\"s-1\"}]}");
    createdId(
        "{\"email\":\"other-key@shop.test\",\"foreign_keys\":[{\"key\":\"shopify\",\"value\":\"s-2\"}]}");

    var found = get(BASE + "?foreign_key[key]=shopify&foreign_key[value]=s-1");
    var encoded = get(BASE + "?foreign_key%5Bkey%5D=shopify&foreign_key%5Bvalue%5D=s-1");
    var byEmail = get(BASE + "?email=KEYED@shop.test");
    var none = get(BASE + "?foreign_key[key]=shopify&foreign_key[value]=s-9");

    assertThat(found.json().at("/data/0/id").asString()).isEqualTo(byKey);
    assertThat(found.json().at("/meta/total").asLong()).isEqualTo(1);
    assertThat(encoded.json().at("/data/0/id").asString()).isEqualTo(byKey);
    assertThat(emails(byEmail)).containsExactly("keyed@shop.test");
    assertThat(none.json().path("data").isEmpty()).isTrue();
    assertThat(none.json().at("/meta/total").asLong()).isZero();
  }

  @Test
  void aDeletedMemberIsHiddenUntilAskedForAndComesBackWhenCreatedAgain() {
    String id = createdId("{\"email\":\"gone@shop.test\"}");

    var deleted = http.delete(BASE + "/" + id).host(shopHost).bearer(shopToken).send();
    var again = http.delete(BASE + "/" + id).host(shopHost).bearer(shopToken).send();

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(again.status()).isEqualTo(404);
    assertThat(get(BASE + "/" + id).status()).isEqualTo(404);
    assertThat(emails(get(BASE + "?email=gone@shop.test"))).isEmpty();
    var withDeleted = get(BASE + "?email=gone@shop.test&include_deleted=true");
    assertThat(emails(withDeleted)).containsExactly("gone@shop.test");
    assertThat(withDeleted.json().at("/data/0/deleted_at").isString()).isTrue();
    assertThat(get(BASE + "/" + id + "?include_deleted=1").status()).isEqualTo(200);

    var restored = create(shopHost, shopToken, "{\"email\":\"gone@shop.test\"}");
    assertThat(restored.status()).isEqualTo(200);
    assertThat(restored.json().at("/data/id").asString()).isEqualTo(id);
    assertThat(restored.json().at("/data/deleted_at").isNull()).isTrue();
  }

  @Test
  void patchChangesWhatItNamesAndReplacesTheForeignKeys() {
    String id =
        createdId(
            "{\"email\":\"patch@shop.test\",\"name\":\"P\","
                + "\"foreign_keys\":[{\"key\":\"a\",\"value\":\"1\"},{\"key\":\"b\",\"value\":\"2\"}]}");
    createdId("{\"email\":\"taken@shop.test\"}");

    var changed =
        http.patch(BASE + "/" + id)
            .host(shopHost)
            .bearer(shopToken)
            .json(
                "{\"email\":\"patched@shop.test\",\"foreign_keys\":[{\"key\":\"b\",\"value\":\"3\"}]}")
            .send();
    var cleared =
        http.patch(BASE + "/" + id).host(shopHost).bearer(shopToken).json("{\"name\":null}").send();
    var taken =
        http.patch(BASE + "/" + id)
            .host(shopHost)
            .bearer(shopToken)
            .json("{\"email\":\"TAKEN@shop.test\"}")
            .send();

    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().at("/data/email").asString()).isEqualTo("patched@shop.test");
    assertThat(changed.json().at("/data/name").asString()).isEqualTo("P");
    assertThat(changed.json().at("/data/foreign_keys").size()).isEqualTo(1);
    assertThat(changed.json().at("/data/foreign_keys/0/value").asString()).isEqualTo("3");
    assertThat(cleared.json().at("/data/name").isNull()).isTrue();
    assertThat(taken.status()).isEqualTo(422);
    assertThat(taken.json().at("/errors/email/0").asString())
        .isEqualTo("The email has already been taken.");
  }

  @Test
  void aForeignKeyPairBelongsToOneMemberOfTheTenantOnly() {
    createdId(
        "{\"email\":\"holder@shop.test\",\"foreign_keys\":[{\"key\":\"crm\",\"value\":\"9\"}]}");

    var clash =
        create(
            shopHost,
            shopToken,
            "{\"email\":\"clash@shop.test\",\"foreign_keys\":[{\"key\":\"crm\",\"value\":\"9\"}]}");
    var otherTenant =
        create(
            rivalHost,
            rivalToken,
            "{\"email\":\"holder@shop.test\",\"foreign_keys\":[{\"key\":\"crm\",\"value\":\"9\"}]}");

    assertThat(clash.status()).isEqualTo(422);
    assertThat(clash.json().at("/errors").has("foreign_keys.0.value")).isTrue();
    assertThat(emails(get(BASE + "?email=clash@shop.test"))).as("nothing was kept").isEmpty();
    assertThat(otherTenant.status()).isEqualTo(201);
  }

  @Test
  void aTokenOfOneTenantNeverReadsOrChangesAnothersMembers() {
    String id = createdId("{\"email\":\"private@shop.test\"}");

    var onTheirHost = http.get(BASE).host(shopHost).bearer(rivalToken).send();
    var onOwnHost = http.get(BASE + "/" + id).host(rivalHost).bearer(rivalToken).send();
    var deleteOnOwnHost = http.delete(BASE + "/" + id).host(rivalHost).bearer(rivalToken).send();
    var listOnOwnHost =
        http.get(BASE + "?email=private@shop.test").host(rivalHost).bearer(rivalToken).send();

    assertThat(onTheirHost.status()).isEqualTo(403);
    assertThat(onOwnHost.status()).isEqualTo(404);
    assertThat(deleteOnOwnHost.status()).isEqualTo(404);
    assertThat(listOnOwnHost.json().path("data").isEmpty()).isTrue();
    assertThat(get(BASE + "/" + id).status()).as("still there").isEqualTo(200);
  }

  @Test
  void readingNeedsAudienceReadAndChangingAudienceManage() {
    Tenant scoped = data.tenant("scoped");
    var user = data.member("owner@scoped.test", scoped);
    String reader = data.token(user, "audience:read");
    String manager = data.token(user, "audience:manage");
    String host = TestData.host("scoped");

    assertThat(http.get(BASE).host(host).bearer(reader).send().status()).isEqualTo(200);
    assertThat(create(host, reader, "{\"email\":\"r@scoped.test\"}").status()).isEqualTo(403);
    assertThat(create(host, manager, "{\"email\":\"m@scoped.test\"}").status()).isEqualTo(201);
    assertThat(http.get(BASE).host(host).bearer(manager).send().status()).isEqualTo(403);
    assertThat(http.get(BASE).host(host).send().status()).isEqualTo(401);
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    var missing = create(shopHost, shopToken, "{\"name\":\"No email\"}");
    var notAnAddress = create(shopHost, shopToken, "{\"email\":\"not-an-address\"}");
    var wrongType = create(shopHost, shopToken, "{\"email\":5}");
    var longName =
        create(
            shopHost,
            shopToken,
            "{\"email\":\"n@shop.test\",\"name\":\"" + "x".repeat(256) + "\"}");
    var badKeys =
        create(
            shopHost,
            shopToken,
            "{\"email\":\"k@shop.test\",\"foreign_keys\":[{\"key\":\"a b\",\"value\":\"\"},"
                + "{\"key\":\"c\",\"value\":\"1\"},{\"key\":\"c\",\"value\":\"2\"}]}");
    var keyWithoutValue = get(BASE + "?foreign_key[key]=crm");
    var badFlag = get(BASE + "?include_deleted=maybe");
    var badPage = get(BASE + "?per_page=101");
    var notAnId = get(BASE + "/not-a-uuid");
    var unknown = get(BASE + "/" + UUID.randomUUID());
    var nameNotString =
        http.patch(BASE + "/" + UUID.randomUUID())
            .host(shopHost)
            .bearer(shopToken)
            .json("{\"name\":5}")
            .send();

    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.json().at("/errors/email/0").asString())
        .isEqualTo("The email field is required.");
    assertThat(notAnAddress.json().at("/errors/email/0").asString())
        .isEqualTo("The email field must be a valid email address.");
    assertThat(wrongType.status()).isEqualTo(422);
    assertThat(wrongType.json().at("/errors").has("email")).isTrue();
    assertThat(longName.json().at("/errors").has("name")).isTrue();
    assertThat(badKeys.status()).isEqualTo(422);
    assertThat(badKeys.json().at("/errors").propertyNames())
        .contains("foreign_keys.0.key", "foreign_keys.0.value", "foreign_keys.2.key");
    assertThat(keyWithoutValue.status()).isEqualTo(422);
    assertThat(keyWithoutValue.json().at("/errors").has("foreign_key.value")).isTrue();
    assertThat(badFlag.json().at("/errors").has("include_deleted")).isTrue();
    assertThat(badPage.json().at("/errors").has("per_page")).isTrue();
    assertThat(notAnId.status()).isEqualTo(404);
    assertThat(notAnId.json().path("message").asString())
        .isEqualTo("No audience member with id 'not-a-uuid'.");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(nameNotString.status()).isEqualTo(422);
  }
}
