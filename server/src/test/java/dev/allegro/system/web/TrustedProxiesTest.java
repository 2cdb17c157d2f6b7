package dev.allegro.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allegro.system.AllegroProperties;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class TrustedProxiesTest {

  private static TrustedProxies trusting(String... proxies) {
    return new TrustedProxies(
        new AllegroProperties(
            AllegroProperties.Environment.LOCAL,
            Set.of(),
            List.of("localhost"),
            List.of(proxies),
            "allegro:",
            false));
  }

  private static MockHttpServletRequest request(String remote, String host, String forwarded) {
    var request = new MockHttpServletRequest();
    request.setRemoteAddr(remote);
    request.addHeader("Host", host);
    if (forwarded != null) {
      request.addHeader("X-Forwarded-Host", forwarded);
    }
    return request;
  }

  @Test
  void forwardedHostIsBelievedOnlyFromATrustedProxy() {
    var proxies = trusting("10.0.0.0/8");

    assertThat(proxies.host(request("10.1.2.3", "lb.internal", "acme.test")))
        .isEqualTo("acme.test");
    assertThat(proxies.host(request("192.168.1.5", "lb.internal", "acme.test")))
        .isEqualTo("lb.internal");
  }

  @Test
  void withNoTrustedProxiesForwardedHeadersAreIgnored() {
    var proxies = trusting();

    assertThat(proxies.host(request("127.0.0.1", "acme.test:8080", "evil.test")))
        .isEqualTo("acme.test");
  }

  @Test
  void originIsTheRequestsSchemeAndHostWithItsPort() {
    var proxies = trusting("10.0.0.0/8");

    assertThat(proxies.origin(request("192.168.1.5", "Acme.Test:8080", "evil.test")))
        .isEqualTo("http://acme.test:8080");
    assertThat(proxies.origin(request("192.168.1.5", "acme.test", null)))
        .isEqualTo("http://acme.test");
  }

  @Test
  void originFollowsForwardedHostAndProtoOnlyFromATrustedProxy() {
    var proxies = trusting("10.0.0.0/8");
    var viaProxy = request("10.1.2.3", "lb.internal:8080", "acme.test, lb.internal");
    viaProxy.addHeader("X-Forwarded-Proto", "https");
    var direct = request("192.168.1.5", "lb.internal:8080", "acme.test");
    direct.addHeader("X-Forwarded-Proto", "https");

    assertThat(proxies.origin(viaProxy)).isEqualTo("https://acme.test");
    assertThat(proxies.origin(direct)).isEqualTo("http://lb.internal:8080");
  }

  @Test
  void originIgnoresAForwardedValueThatIsNoHostOrScheme() {
    var proxies = trusting("10.0.0.0/8");
    var request = request("10.1.2.3", "acme.test", "<script>");
    request.addHeader("X-Forwarded-Proto", "javascript");

    assertThat(proxies.origin(request)).isEqualTo("http://acme.test");
  }

  @Test
  void clientIpIsTheNearestUntrustedHop() {
    var proxies = trusting("10.0.0.1", "10.0.0.2");
    var request = request("10.0.0.2", "acme.test", null);
    request.addHeader("X-Forwarded-For", "6.6.6.6, 1.2.3.4, 10.0.0.1");

    assertThat(proxies.clientIp(request)).isEqualTo("1.2.3.4");
    assertThat(proxies.clientIp(request("1.2.3.4", "acme.test", null))).isEqualTo("1.2.3.4");
  }

  @Test
  void hostsAreLowerCasedWithoutPortOrTrailingDot() {
    assertThat(TrustedProxies.normalizeHost("Acme.Test.:443")).isEqualTo("acme.test");
    assertThat(TrustedProxies.normalizeHost("[::1]:8080")).isEqualTo("[::1]");
  }
}
