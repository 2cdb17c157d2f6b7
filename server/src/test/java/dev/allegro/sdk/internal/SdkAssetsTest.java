package dev.allegro.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SdkAssetsTest {

  @Test
  void configurationWrittenIntoTheLoaderCannotLeaveItsStringLiteral() {
    String hostile = "{\"apiUrl\":\"https://a.test/\\\"</script>'\n\u2028\"}";

    String escaped = SdkAssets.jsStringContent(hostile);

    assertThat(escaped)
        .doesNotContain("</script>")
        .doesNotContain("\n")
        .doesNotContain("\u2028")
        .doesNotContainPattern("(?<!\\\\)'")
        .doesNotContainPattern("(?<!\\\\)\"");
    assertThat(escaped).contains("\\u003c/script>", "\\'", "\\u000a", "\\u2028");
  }

  @Test
  void theBuiltLoaderHasBothPlaceholdersAndTheBundleItsHash() {
    var assets = new SdkAssets();

    String loader = assets.loader("https://shop.test", "{}");

    assertThat(assets.hash()).matches("[0-9a-f]{16}");
    assertThat(loader)
        .contains("\"https://shop.test" + assets.bundlePath() + "\"")
        .contains("\"{}\"");
    assertThat(loader).doesNotContain(SdkAssets.SDK_URL_PLACEHOLDER);
  }
}
