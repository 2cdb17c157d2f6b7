package dev.allegro.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks verification a consumer writes, independently of the server's code: the
 * signed content is {@code id.timestamp.body}, the key the base64 after {@code whsec_}, and the
 * header lists {@code v1,<base64>} signatures separated by spaces.
 */
final class StandardWebhooks {

  private StandardWebhooks() {}

  static boolean verifies(String secret, String id, String timestamp, String body, String header)
      throws Exception {
    byte[] key = Base64.getDecoder().decode(secret.replaceFirst("^whsec_", ""));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] expected =
        Base64.getEncoder()
            .encode(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    for (String signature : header.split(" ")) {
      String[] parts = signature.split(",", 2);
      if (parts.length == 2
          && parts[0].equals("v1")
          && MessageDigest.isEqual(expected, parts[1].getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }
}
