package dev.allegro.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TargetGuardTest {

  @Test
  void internalAddressesArePrivate() throws Exception {
    for (String address :
        new String[] {
          "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254", "100.64.0.1",
          "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fd00:ec2::254",
          "::ffff:127.0.0.1"
        }) {
      assertThat(TargetGuard.isPrivate(InetAddress.getByName(address))).as(address).isTrue();
    }
    for (String address : new String[] {"93.184.215.14", "8.8.8.8", "2606:4700::1111"}) {
      assertThat(TargetGuard.isPrivate(InetAddress.getByName(address))).as(address).isFalse();
    }
  }

  @Test
  void onlyHttpAndHttpsUrlsWithAHostAndNoCredentialsAreTaken() throws Exception {
    assertThat(TargetGuard.parse("https://shop.example/hook").getHost()).isEqualTo("shop.example");
    assertThatThrownBy(() -> TargetGuard.parse("ftp://shop.example/"))
        .hasMessage("must be an http or https URL");
    assertThatThrownBy(() -> TargetGuard.parse("file:///etc/passwd"))
        .hasMessage("must be an http or https URL");
    assertThatThrownBy(() -> TargetGuard.parse("https://user:pw@shop.example/"))
        .hasMessage("must not carry a user name or password");
    assertThatThrownBy(() -> TargetGuard.parse("http:///nohost")).hasMessage("must name a host");
  }
}
