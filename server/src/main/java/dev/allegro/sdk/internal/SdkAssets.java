package dev.allegro.sdk.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The SDK's files as the build made them ({@code sdk/allegro.js}, {@code sdk/loader.js}) and the
 * demo page, read once from the class path. The bundle's name carries the first 16 hex digits of
 * its SHA-256, so that it can be cached for a year: another build is another name.
 */
@Component
class SdkAssets {

  static final String SDK_URL_PLACEHOLDER = "__ALLEGRO_SDK_URL__";
  static final String CONFIG_PLACEHOLDER = "__ALLEGRO_TENANT_CONFIG__";

  private final byte[] bundle;
  private final String hash;
  private final String loader;
  private final byte[] demo;

  SdkAssets() {
    this.bundle = read("sdk/allegro.js");
    this.hash = sha256(bundle).substring(0, 16);
    this.loader = new String(read("sdk/loader.js"), StandardCharsets.UTF_8);
    if (!loader.contains(SDK_URL_PLACEHOLDER) || !loader.contains(CONFIG_PLACEHOLDER)) {
      throw new IllegalStateException("sdk/loader.js lacks its placeholders; rebuild the SDK");
    }
    this.demo = read("sdk-pages/demo.html");
  }

  byte[] bundle() {
    return bundle;
  }

  String hash() {
    return hash;
  }

  String bundlePath() {
    return "/sdk/allegro." + hash + ".js";
  }

  /**
   * The loader with the bundle's URL on {@code origin} and the configuration written in; both are
   * escaped as the inside of a JavaScript string literal in either quote style.
   */
  String loader(String origin, String configJson) {
    return loader
        .replace(SDK_URL_PLACEHOLDER, jsStringContent(origin + bundlePath()))
        .replace(CONFIG_PLACEHOLDER, jsStringContent(configJson));
  }

  byte[] demo() {
    return demo;
  }

  static String jsStringContent(String text) {
    var out = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\'' -> out.append("\\'");
        case '<' -> out.append("\\u003c");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static byte[] read(String path) {
    var resource = new ClassPathResource(path);
    if (!resource.exists()) {
      throw new IllegalStateException(
          path + " is not on the class path: the Maven build makes it (generate-resources)");
    }
    try (InputStream in = resource.getInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
