package dev.allegro.system.web;

import dev.allegro.system.AllegroProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Believes X-Forwarded-Host and X-Forwarded-For only from the proxies listed in {@code
 * TRUSTED_PROXIES} (addresses or CIDR ranges), so a client cannot pick another tenant's host or
 * forge its address.
 */
@Component
public class TrustedProxies {

  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
  private static final Pattern HOST_AND_PORT =
      Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?");

  private final List<Range> ranges;

  TrustedProxies(AllegroProperties properties) {
    this.ranges =
        properties.trustedProxies().stream()
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(Range::parse)
            .toList();
  }

  public boolean trusts(String remoteAddress) {
    if (ranges.isEmpty() || remoteAddress == null) {
      return false;
    }
    byte[] address = literal(remoteAddress);
    return address != null && ranges.stream().anyMatch(r -> r.contains(address));
  }

  /** The host the client asked for, lower-case and without port. */
  public String host(HttpServletRequest request) {
    String host = null;
    if (trusts(request.getRemoteAddr())) {
      host = firstValue(request.getHeader("X-Forwarded-Host"));
    }
    if (host == null) {
      host = request.getHeader("Host");
    }
    if (host == null) {
      host = request.getServerName();
    }
    return normalizeHost(host);
  }

  /**
   * The origin the client asked for, {@code scheme://host[:port]} in lower case: X-Forwarded-Proto
   * and X-Forwarded-Host from a trusted proxy (a TLS-terminating one forwards {@code https}),
   * otherwise the request's own scheme and Host header. A forwarded value that is no scheme or host
   * is ignored, so nothing else ever ends up in a URL built from it.
   */
  public String origin(HttpServletRequest request) {
    String scheme = request.getScheme();
    String host = null;
    if (trusts(request.getRemoteAddr())) {
      String proto = firstValue(request.getHeader("X-Forwarded-Proto"));
      if ("http".equalsIgnoreCase(proto) || "https".equalsIgnoreCase(proto)) {
        scheme = proto;
      }
      host = firstValue(request.getHeader("X-Forwarded-Host"));
    }
    if (host == null || !HOST_AND_PORT.matcher(host).matches()) {
      host = request.getHeader("Host");
    }
    if (host == null || !HOST_AND_PORT.matcher(host).matches()) {
      host = request.getServerName();
    }
    return (scheme + "://" + host).toLowerCase(Locale.ROOT);
  }

  /** The client's address: the nearest untrusted hop of X-Forwarded-For behind trusted ones. */
  public String clientIp(HttpServletRequest request) {
    String remote = request.getRemoteAddr();
    String forwarded = request.getHeader("X-Forwarded-For");
    if (forwarded == null || !trusts(remote)) {
      return remote;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!trusts(hop)) {
        return hop;
      }
    }
    return hops[0].trim();
  }

  static String normalizeHost(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 ? h.substring(0, end + 1) : h;
    }
    int colon = h.indexOf(':');
    if (colon >= 0) {
      h = h.substring(0, colon);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  private static String firstValue(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    return header.split(",")[0].trim();
  }

  private static byte[] literal(String address) {
    String a = address.trim();
    if (!IPV4.matcher(a).matches() && !IPV6.matcher(a).matches()) {
      return null;
    }
    try {
      // Only numeric literals reach here, so this never does a DNS lookup.
      return InetAddress.getByName(a).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private record Range(byte[] network, int prefix) {

    static Range parse(String cidr) {
      String[] parts = cidr.split("/");
      byte[] network = literal(parts[0]);
      if (network == null) {
        throw new IllegalArgumentException("TRUSTED_PROXIES: '" + cidr + "' is not an address");
      }
      int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : network.length * 8;
      return new Range(network, prefix);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int bits = prefix;
      for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
        int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
        if ((address[i] & mask) != (network[i] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
