package dev.allegro.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.features.FeatureFlag;
import dev.allegro.tenancy.Tenants;
import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

@AllegroTest
@TestPropertySource(properties = "allegro.sdk.heartbeat-interval=7s")
class SdkAssetsIT {

  private static final Pattern BUNDLE = Pattern.compile("/sdk/allegro\\.([0-9a-f]{16})\\.js");
  private static final Pattern CONFIG =
      Pattern.compile("\"data-tenant-config\",\"((?:[^\"\\\\]|\\\\.)*)\"");

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Tenants tenants;

  @Test
  void theLoaderCarriesTheTenantsConfigurationAndNamesTheBundle() {
    var beating = data.tenant("beating", FeatureFlag.SDK_HEARTBEAT);
    tenants.update(beating, new Tenants.Changes(null, null, null, false, "beating.example", false));
    data.tenant("quiet");

    var loader = http.get("/client.js").host("beating.test").send();
    var quiet = http.get("/client.js").host("quiet.test").send();

    assertThat(loader.status()).isEqualTo(200);
    assertThat(loader.header("Content-Type")).startsWith("text/javascript");
    assertThat(loader.header("Cache-Control")).isEqualTo("max-age=300, public");
    assertThat(BUNDLE.matcher(loader.body()).find()).isTrue();
    JsonNode on = config(loader.body());
    assertThat(on.get("heartbeat").get("enabled").asBoolean()).isTrue();
    assertThat(on.get("heartbeat").get("interval").asInt()).isEqualTo(7);
    assertThat(on.get("apiUrl").asString()).startsWith("http://beating.test");
    assertThat(loader.body()).contains("\"" + on.get("apiUrl").asString() + "/sdk/allegro.");
    assertThat(on.get("cookieDomain").asString()).isEqualTo("beating.example");
    JsonNode off = config(quiet.body());
    assertThat(off.get("heartbeat").get("enabled").asBoolean()).isFalse();
    assertThat(off.get("cookieDomain").isNull()).isTrue();
  }

  @Test
  void theBundleIsCachedForAYearAndAnotherBuildsNameLeadsToIt() {
    data.tenant("bundled");
    var loader = http.get("/client.js").host("bundled.test").send().body();
    var name = BUNDLE.matcher(loader);
    assertThat(name.find()).isTrue();

    var bundle = http.get(name.group()).host("bundled.test").send();
    var other = http.get("/sdk/allegro.0123456789abcdef.js").host("bundled.test").send();
    var onLandlord = http.get(name.group()).host("localhost").send();

    assertThat(bundle.status()).isEqualTo(200);
    assertThat(bundle.header("Content-Type")).startsWith("text/javascript");
    assertThat(bundle.header("Cache-Control")).isEqualTo("max-age=31536000, public, immutable");
    assertThat(bundle.body()).contains("allegro:ready");
    assertThat(other.status()).isEqualTo(302);
    assertThat(other.header("Location")).isEqualTo(name.group());
    assertThat(other.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(onLandlord.status()).isEqualTo(404);
  }

  @Test
  void whatBrowsersDownloadStaysWithinItsGzippedBudget() throws IOException {
    data.tenant("budget-with-a-long-slug-name", FeatureFlag.SDK_HEARTBEAT);
    String host = "budget-with-a-long-slug-name.test";
    var loader = http.get("/client.js").host(host).send().body();
    var name = BUNDLE.matcher(loader);
    assertThat(name.find()).isTrue();
    var bundle = http.get(name.group()).host(host).send().body();

    assertThat(gzipped(loader)).as("loader, gzipped").isLessThanOrEqualTo(1024);
    assertThat(gzipped(bundle)).as("SDK, gzipped").isLessThanOrEqualTo(6 * 1024);
  }

  @Test
  void theDemoPageIsServedOnTenantHostsOnly() {
    data.tenant("demo");

    var page = http.get("/sdk/demo.html").host("demo.test").send();
    var view = http.get("/sdk/demo/pricing").host("demo.test").send();
    var landlord = http.get("/sdk/demo.html").host("localhost").send();

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains("<script src=\"/client.js\"");
    assertThat(view.body()).isEqualTo(page.body());
    assertThat(landlord.status()).isEqualTo(404);
  }

  private static JsonNode config(String loader) {
    var found = CONFIG.matcher(loader);
    assertThat(found.find()).as("the loader's data-tenant-config").isTrue();
    return Http.json(Http.json("\"" + found.group(1) + "\"").asString());
  }

  private static int gzipped(String text) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var gzip = new GZIPOutputStream(out)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.size();
  }
}
