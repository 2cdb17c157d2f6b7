package dev.allegro.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.allegro.test.AllegroTest;
import dev.allegro.test.Http;
import dev.allegro.test.TestData;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * The management endpoints live on their own port, on the loopback address; the main port has only
 * the orchestrators' probes, which tell UP or DOWN and nothing else.
 */
@AllegroTest
class ManagementEndpointsIT {

  @Autowired Http http;
  @Autowired TestData data;
  @Autowired Environment environment;

  @Test
  void theMainPortServesNoManagementEndpointOnAnyHost() {
    data.tenant("ops");
    for (String host : new String[] {"localhost", "ops.test", "nobody.test"}) {
      for (String path :
          new String[] {
            "/actuator",
            "/actuator/health",
            "/actuator/prometheus",
            "/actuator/info",
            "/actuator/health/readiness"
          }) {
        var response = http.get(path).host(host).send();

        assertThat(response.status()).as(host + path).isEqualTo(404);
        assertThat(response.header("Content-Type")).as(host + path).startsWith("application/json");
        assertThat(response.body()).as(host + path).doesNotContain("allegro_").doesNotContain("UP");
      }
    }
  }

  @Test
  void theManagementPortServesHealthProbesAndMetrics() {
    var liveness = http.management("/actuator/health/liveness").send();
    var readiness = http.management("/actuator/health/readiness").send();
    var prometheus = http.management("/actuator/prometheus").send();

    assertThat(liveness.status()).isEqualTo(200);
    assertThat(liveness.json().get("status").asString()).isEqualTo("UP");
    assertThat(readiness.status()).isEqualTo(200);
    assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
    assertThat(prometheus.status()).isEqualTo(200);
    assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
    assertThat(environment.getRequiredProperty("local.management.port"))
        .isNotEqualTo(environment.getRequiredProperty("local.server.port"));
  }

  @Test
  void theManagementPortsErrorsHaveTheJsonShapeToo() {
    var unknown = http.management("/actuator/nothing").send();
    var notAcceptable =
        http.management("/actuator/prometheus").header("Accept", "image/png").send();

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("Content-Type")).startsWith("application/json");
    assertThat(unknown.json().get("message").asString()).isNotBlank();
    assertThat(unknown.json().has("trace")).isFalse();
    assertThat(notAcceptable.status()).isEqualTo(406);
    assertThat(notAcceptable.json().get("message").asString()).isNotBlank();
  }

  @Test
  void theMainPortsProbesAnswerOnAnyHostWithTheStatusAlone() {
    for (String host : new String[] {"localhost", "nobody.test", "10.0.0.7"}) {
      for (String path : new String[] {"/livez", "/readyz"}) {
        var response = http.get(path).host(host).send();

        assertThat(response.status()).as(host + path).isEqualTo(200);
        assertThat(response.body()).as(host + path).isEqualTo("{\"status\":\"UP\"}");
      }
    }
  }

  @Test
  void theManagementPortListensOnTheLoopbackAddressOnly() throws IOException {
    Optional<InetAddress> external = externalAddress();
    assumeThat(external).as("a non-loopback address to try").isPresent();
    int management = Integer.parseInt(environment.getRequiredProperty("local.management.port"));
    int main = Integer.parseInt(environment.getRequiredProperty("local.server.port"));

    assertThat(connects(external.get(), main)).as("the main port").isTrue();
    assertThat(connects(external.get(), management)).as("the management port").isFalse();
    assertThat(connects(InetAddress.getLoopbackAddress(), management)).isTrue();
  }

  private static boolean connects(InetAddress address, int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static Optional<InetAddress> externalAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(
            nic -> {
              try {
                return nic.isUp() && !nic.isLoopback();
              } catch (SocketException e) {
                return false;
              }
            })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .findFirst();
  }
}
