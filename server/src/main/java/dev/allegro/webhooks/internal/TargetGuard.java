package dev.allegro.webhooks.internal;

import dev.allegro.system.AllegroProperties;
import dev.allegro.webhooks.WebhooksProperties;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps outgoing requests off the platform's own network (SSRF): a URL must be http or https and
 * its host must resolve only to public addresses, checked at registration and again before every
 * request, unless private targets are allowed ({@code WEBHOOKS_ALLOW_PRIVATE}). The host is
 * resolved here only, and the request goes to an address this check passed.
 */
@Component
class TargetGuard {

  /** Why a URL may not be called. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final boolean allowPrivate;
  private final HostResolver resolver;

  @Autowired
  TargetGuard(WebhooksProperties properties, AllegroProperties allegro) {
    this(properties.allowsPrivate(allegro.env()), HostResolver.SYSTEM);
  }

  TargetGuard(boolean allowPrivate, HostResolver resolver) {
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  /** The URL's shape alone: http(s), a host, no credentials. */
  static URI parse(String url) throws Refused {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new Refused("must be a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new Refused("must be an http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new Refused("must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new Refused("must not carry a user name or password");
    }
    return uri;
  }

  /**
   * Resolves the URL's host now and checks every address. The request is then made to one of these
   * addresses ({@link WebhookSender} never resolves the name again), so a DNS answer that changes
   * after the check (rebinding) cannot send it elsewhere.
   *
   * @return the addresses it resolved to, none of them internal unless private targets are allowed
   */
  List<InetAddress> check(String url) throws Refused {
    URI uri = parse(url);
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(uri.getHost());
    } catch (UnknownHostException e) {
      throw new Refused("host " + uri.getHost() + " does not resolve");
    }
    if (!allowPrivate) {
      for (InetAddress address : addresses) {
        if (isPrivate(address)) {
          throw new Refused(
              "host "
                  + uri.getHost()
                  + " resolves to "
                  + address.getHostAddress()
                  + ", a loopback, private, link-local or otherwise internal address");
        }
      }
    }
    if (addresses.length == 0) {
      throw new Refused("host " + uri.getHost() + " does not resolve");
    }
    return List.of(addresses);
  }

  static boolean isPrivate(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // "this" network
          || (first == 100 && second >= 64 && second <= 127) // CGNAT 100.64.0.0/10
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF 192.0.0.0/24
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 240; // reserved and broadcast
    }
    if (address instanceof Inet6Address) {
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) {
        return true; // unique local fc00::/7
      }
      if (isMappedV4(b)) {
        try {
          return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }
}
