package dev.allegro.audience.internal.signin;

import dev.allegro.tenancy.Tenant;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where a magic link may lead: an http(s) URL on one of the tenant's origins — its {@code
 * allowed_origins} when it has them, else any scheme and port of its domains — so a link the
 * platform mails never sends a member to someone else's site.
 */
final class ReturnUrls {

  static final int MAX_LENGTH = 2048;

  private ReturnUrls() {}

  /**
   * {@code url}, with any non-ASCII character percent-encoded, if it is one of the tenant's pages.
   */
  static Optional<String> check(Tenant tenant, String url) {
    if (url == null || url.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    return allowed(tenant, uri) ? Optional.of(uri.toASCIIString()) : Optional.empty();
  }

  private static boolean allowed(Tenant tenant, URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null) {
      return false;
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (tenant.allowedOrigins() != null) {
      String origin = scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
      return tenant.allowedOrigins().contains(origin);
    }
    return tenant.domains().contains(host);
  }

  /** {@code url} with {@code allegro_token} set in its query (a fragment stays at the end). */
  static String withToken(String url, String token) {
    return UriComponentsBuilder.fromUriString(url)
        .replaceQueryParam("allegro_token", token)
        .build(true)
        .toUriString();
  }
}
