package dev.allegro.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureTest {

  @Test
  void signsAsTheStandardWebhooksTestVectorSays() {
    assertThat(
            Signature.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                "{\"test\": 2432232314}"))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void signsOncePerSecretSpaceSeparated() {
    String a = Signature.newSecret();
    String b = Signature.newSecret();

    String header = Signature.header(List.of(a, b), "id", 1, "{}");

    assertThat(a).isNotEqualTo(b).matches("whsec_[A-Za-z0-9+/]{43}=");
    assertThat(header)
        .isEqualTo(Signature.sign(a, "id", 1, "{}") + " " + Signature.sign(b, "id", 1, "{}"));
  }
}
