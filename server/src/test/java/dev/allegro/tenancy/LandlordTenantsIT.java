package dev.allegro.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

@AllegroTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LandlordTenantsIT {

  @Autowired Http http;
  @Autowired TestData data;

  String admin;

  @BeforeAll
  void givenASuperAdmin() {
    admin = data.token(data.superAdmin("root@allegro.test"));
  }

  private Http.Response create(String json) {
    return http.post("/api/v1/landlord/tenants").bearer(admin).json(json).send();
  }

  @Test
  void createShowUpdateAndDeleteATenantByIdOrSlug() {
    var created =
        create("{\"slug\":\"initech\",\"name\":\"Initech\",\"domains\":[\"Initech.test\"]}");
    assertThat(created.status()).isEqualTo(201);
    var tenant = created.json().get("data");
    assertThat(tenant.get("slug").asString()).isEqualTo("initech");
    assertThat(tenant.get("domains").get(0).asString()).isEqualTo("initech.test");
    assertThat(tenant.get("created_at").isNull()).isFalse();
    long id = tenant.get("id").asLong();

    assertThat(http.get("/api/v1/landlord/tenants/" + id).bearer(admin).send().json())
        .isEqualTo(http.get("/api/v1/landlord/tenants/initech").bearer(admin).send().json());

    var renamed =
        http.patch("/api/v1/landlord/tenants/initech")
            .bearer(admin)
            .json("{\"name\":\"Initech Corp\"}")
            .send();
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.json().at("/data/name").asString()).isEqualTo("Initech Corp");
    assertThat(renamed.json().at("/data/slug").asString()).isEqualTo("initech");

    assertThat(http.delete("/api/v1/landlord/tenants/" + id).bearer(admin).send().status())
        .isEqualTo(204);
    assertThat(http.get("/api/v1/landlord/tenants/initech").bearer(admin).send().status())
        .isEqualTo(404);
  }

  @Test
  void listIsPaginatedInLaravelsShape() {
    for (int i = 1; i <= 3; i++) {
      data.tenant("paged-" + i);
    }

    var page = http.get("/api/v1/landlord/tenants?per_page=2&page=2").bearer(admin).send();

    assertThat(page.status()).isEqualTo(200);
    var json = page.json();
    assertThat(json.get("data").size()).isLessThanOrEqualTo(2);
    assertThat(json.at("/meta/current_page").asInt()).isEqualTo(2);
    assertThat(json.at("/meta/per_page").asInt()).isEqualTo(2);
    assertThat(json.at("/meta/total").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(json.at("/meta/from").asInt()).isEqualTo(3);
    assertThat(json.at("/links/prev").asString()).endsWith("page=1&per_page=2");
    assertThat(json.at("/links/first").asString()).contains("/api/v1/landlord/tenants?page=1");
    assertThat(json.at("/meta/links").isArray()).isTrue();
  }

  @Test
  void invalidTenantsAreRefusedFieldByField() {
    data.tenant("taken");

    var response =
        create("{\"slug\":\"Not A Slug\",\"name\":\"\",\"domains\":[\"taken.test\",\"bad host\"]}");

    assertThat(response.status()).isEqualTo(422);
    var errors = response.json().get("errors");
    assertThat(errors.has("slug")).isTrue();
    assertThat(errors.has("name")).isTrue();
    assertThat(errors.get("domains.0").get(0).asString()).contains("already been taken");
    assertThat(errors.get("domains.1").get(0).asString()).contains("valid host name");
    assertThat(response.json().get("message").asString()).contains("more errors");
    assertThat(
            create("{\"slug\":\"taken\",\"name\":\"Again\"}")
                .json()
                .at("/errors/slug/0")
                .asString())
        .isEqualTo("The slug has already been taken.");
    assertThat(create("{\"slug\":\"mine\",\"name\":\"Mine\",\"domains\":[\"localhost\"]}").status())
        .isEqualTo(422);
  }

  @Test
  void valuesOfTheWrongTypeAreRefusedFieldByFieldAndAnythingButAnObjectWhole() {
    var wrong = create("{\"slug\":[\"a\"],\"name\":5,\"domains\":[\"ok.test\",7]}");
    var notAList = create("{\"slug\":\"x\",\"name\":\"X\",\"domains\":\"x.test\"}");
    var array = create("[]");
    var string = create("\"tenant\"");
    var nameAsObject = create("{\"slug\":\"y\",\"name\":{\"first\":\"Y\"}}");

    assertThat(wrong.status()).isEqualTo(422);
    assertThat(wrong.json().at("/errors/slug/0").asString())
        .isEqualTo("The slug field must be a string.");
    assertThat(wrong.json().at("/errors/name/0").asString())
        .isEqualTo("The name field must be a string.");
    assertThat(wrong.json().at("/errors/domains.1/0").asString())
        .isEqualTo("The domains.1 field must be a string.");
    assertThat(notAList.json().at("/errors/domains/0").asString())
        .isEqualTo("The domains field must be an array.");
    for (var whole : new Http.Response[] {array, string}) {
      assertThat(whole.status()).isEqualTo(422);
      assertThat(whole.json().at("/errors/body/0").asString())
          .isEqualTo("The request body must be a JSON object.");
    }
    assertThat(nameAsObject.json().at("/errors/name/0").asString())
        .isEqualTo("The name field must be a string.");
    var domain =
        http.post("/api/v1/landlord/tenants/" + data.tenant("typed").slug() + "/domains")
            .bearer(admin)
            .json("{\"domain\":true}")
            .send();
    assertThat(domain.json().at("/errors/domain/0").asString())
        .isEqualTo("The domain field must be a string.");
    var origins =
        http.patch("/api/v1/landlord/tenants/typed")
            .bearer(admin)
            .json("{\"name\":[],\"allowed_origins\":\"https://a.example\"}")
            .send();
    assertThat(origins.json().at("/errors/name/0").asString())
        .isEqualTo("The name field must be a string.");
  }

  @Test
  void aNulCharacterInANameIsRefusedNamingTheField() {
    var created = create("{\"slug\":\"nul\",\"name\":\"N\\u0000L\"}");
    data.tenant("renamed");
    var renamed =
        http.patch("/api/v1/landlord/tenants/renamed")
            .bearer(admin)
            .json("{\"name\":\"\\u0000\"}")
            .send();

    for (var response : new Http.Response[] {created, renamed}) {
      assertThat(response.status()).isEqualTo(422);
      assertThat(response.json().at("/errors/name/0").asString())
          .isEqualTo("The name field must not contain NUL characters.");
    }
  }

  @Test
  void aTakenSlugIsReportedOnceAndATenantKeepsItsOwnSlug() {
    data.tenant("first");
    data.tenant("second");

    var taken =
        http.patch("/api/v1/landlord/tenants/second")
            .bearer(admin)
            .json("{\"slug\":\"first\"}")
            .send();
    var own =
        http.patch("/api/v1/landlord/tenants/second")
            .bearer(admin)
            .json("{\"slug\":\"second\",\"name\":\"Second\"}")
            .send();

    assertThat(taken.status()).isEqualTo(422);
    assertThat(taken.json().get("errors").get("slug").size()).isEqualTo(1);
    assertThat(taken.json().get("message").asString())
        .isEqualTo("The slug has already been taken.");
    assertThat(own.status()).isEqualTo(200);
  }

  @Test
  void allowedOriginsAreSetAndNullAllowsAnyOriginAgain() {
    data.tenant("origins");

    var listed =
        http.patch("/api/v1/landlord/tenants/origins")
            .bearer(admin)
            .json("{\"allowed_origins\":[\"https://Shop.Example\"]}")
            .send();
    var any =
        http.patch("/api/v1/landlord/tenants/origins")
            .bearer(admin)
            .json("{\"allowed_origins\":null}")
            .send();

    assertThat(listed.json().at("/data/allowed_origins/0").asString())
        .isEqualTo("https://shop.example");
    assertThat(any.status()).isEqualTo(200);
    assertThat(any.json().at("/data/allowed_origins").isNull()).isTrue();
  }

  @Test
  void theSdkCookieDomainIsSetNormalizedAndNullKeepsCookiesOnThePagesHost() {
    data.tenant("cookies");

    var set =
        http.patch("/api/v1/landlord/tenants/cookies")
            .bearer(admin)
            .json("{\"sdk_cookie_domain\":\".Shop.Example\"}")
            .send();
    var untouched =
        http.patch("/api/v1/landlord/tenants/cookies")
            .bearer(admin)
            .json("{\"name\":\"C\"}")
            .send();
    var invalid =
        http.patch("/api/v1/landlord/tenants/cookies")
            .bearer(admin)
            .json("{\"sdk_cookie_domain\":\"shop example\"}")
            .send();
    var cleared =
        http.patch("/api/v1/landlord/tenants/cookies")
            .bearer(admin)
            .json("{\"sdk_cookie_domain\":null}")
            .send();

    assertThat(set.json().at("/data/sdk_cookie_domain").asString()).isEqualTo("shop.example");
    assertThat(untouched.json().at("/data/sdk_cookie_domain").asString()).isEqualTo("shop.example");
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.json().at("/errors/sdk_cookie_domain/0").asString())
        .isEqualTo("The sdk_cookie_domain field must be a host name such as shop.example.");
    assertThat(cleared.json().at("/data/sdk_cookie_domain").isNull()).isTrue();
  }

  @Test
  void invalidPaginationIsRefused() {
    var response = http.get("/api/v1/landlord/tenants?per_page=1000").bearer(admin).send();

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().at("/errors/per_page/0").asString()).contains("between 1 and 100");
  }

  @Test
  void domainsAreAddedAndRemoved() {
    data.tenant("hooli");

    var added =
        http.post("/api/v1/landlord/tenants/hooli/domains")
            .bearer(admin)
            .json("{\"domain\":\"www.hooli.test\"}")
            .send();
    assertThat(added.status()).isEqualTo(201);
    assertThat(added.json().at("/data/domains").toString()).contains("www.hooli.test");

    assertThat(
            http.delete("/api/v1/landlord/tenants/hooli/domains/www.hooli.test")
                .bearer(admin)
                .send()
                .status())
        .isEqualTo(204);
    assertThat(
            http.delete("/api/v1/landlord/tenants/hooli/domains/www.hooli.test")
                .bearer(admin)
                .send()
                .status())
        .isEqualTo(404);
  }

  @Test
  void theLandlordApiNeedsASuperAdminToken() {
    var member = data.token(data.member("bob@allegro.test"));

    assertThat(http.get("/api/v1/landlord/tenants").send().status()).isEqualTo(401);
    assertThat(http.get("/api/v1/landlord/tenants").bearer(member).send().status()).isEqualTo(403);
    assertThat(create("{\"slug\":\"x\",\"name\":\"X\"}").status()).isNotIn(401, 403);
  }

  @Test
  void concurrentCreatesOfOneSlugMakeOneTenantAndTellTheOthersItIsTaken() throws Exception {
    int racers = 8;
    var start = new java.util.concurrent.CountDownLatch(1);
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      var answers = new java.util.ArrayList<java.util.concurrent.Future<Http.Response>>();
      for (int i = 0; i < racers; i++) {
        String domain = "race-" + i + ".test";
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return create(
                      "{\"slug\":\"racer\",\"name\":\"Racer\",\"domains\":[\"" + domain + "\"]}");
                }));
      }
      start.countDown();
      int created = 0;
      for (var answer : answers) {
        var response = answer.get();
        assertThat(response.status()).as(response.body()).isIn(201, 422);
        if (response.status() == 201) {
          created++;
        } else {
          assertThat(response.json().at("/errors/slug/0").asString())
              .isEqualTo("The slug has already been taken.");
        }
      }
      assertThat(created).isEqualTo(1);
    }
  }
}
