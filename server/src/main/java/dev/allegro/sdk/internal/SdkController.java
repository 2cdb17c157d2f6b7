package dev.allegro.sdk.internal;

import dev.allegro.features.FeatureFlag;
import dev.allegro.features.FeatureFlags;
import dev.allegro.sdk.SdkProperties;
import dev.allegro.system.web.TrustedProxies;
import dev.allegro.tenancy.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SDK's files on a tenant's host. The loader is cached five minutes, since it carries the
 * tenant's configuration (a feature switched on reaches pages within that); the bundle a year,
 * immutable, since its name changes with its content; another build's name is redirected to it.
 * Each handler takes the {@link Tenant}, which makes it answer on tenants' hosts only (404 on the
 * landlord's).
 */
@RestController
class SdkController {

  static final MediaType JAVASCRIPT = new MediaType("text", "javascript", StandardCharsets.UTF_8);
  private static final CacheControl LOADER_CACHE =
      CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();
  private static final CacheControl BUNDLE_CACHE =
      CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

  private final SdkAssets assets;
  private final FeatureFlags flags;
  private final SdkProperties properties;
  private final TrustedProxies proxies;
  private final JsonMapper json;

  SdkController(
      SdkAssets assets,
      FeatureFlags flags,
      SdkProperties properties,
      TrustedProxies proxies,
      JsonMapper json) {
    this.assets = assets;
    this.flags = flags;
    this.properties = properties;
    this.proxies = proxies;
    this.json = json;
  }

  @GetMapping("/client.js")
  ResponseEntity<String> loader(Tenant tenant, HttpServletRequest request) {
    Map<String, Object> heartbeat = new LinkedHashMap<>();
    heartbeat.put("enabled", flags.isActive(FeatureFlag.SDK_HEARTBEAT, tenant.id()));
    heartbeat.put("interval", Math.max(1, properties.heartbeatInterval().toSeconds()));
    String origin = proxies.origin(request);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiUrl", origin);
    config.put("cookieDomain", tenant.sdkCookieDomain());
    config.put("heartbeat", heartbeat);
    return ResponseEntity.ok()
        .contentType(JAVASCRIPT)
        .cacheControl(LOADER_CACHE)
        .body(assets.loader(origin, json.writeValueAsString(config)));
  }

  @GetMapping("/sdk/allegro.{hash:[0-9a-f]+}.js")
  ResponseEntity<byte[]> bundle(Tenant tenant, @PathVariable String hash) {
    if (!hash.equals(assets.hash())) {
      // A loader cached before a deploy (or served by a node of the other version during one)
      // names another build's bundle: the current one serves that page as well.
      return ResponseEntity.status(HttpStatus.FOUND)
          .location(URI.create(assets.bundlePath()))
          .cacheControl(CacheControl.noCache())
          .build();
    }
    return ResponseEntity.ok()
        .contentType(JAVASCRIPT)
        .cacheControl(BUNDLE_CACHE)
        .eTag('"' + hash + '"')
        .body(assets.bundle());
  }

  /** The demo page, and its single-page app's other views, which reload to the same page. */
  @GetMapping({"/sdk/demo.html", "/sdk/demo/{view:[a-z0-9-]+}"})
  ResponseEntity<byte[]> demo(Tenant tenant) {
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noCache())
        .body(assets.demo());
  }
}
