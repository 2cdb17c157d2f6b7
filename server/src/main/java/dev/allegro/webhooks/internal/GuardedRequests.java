package dev.allegro.webhooks.internal;

import dev.allegro.webhooks.OutgoingRequests;
import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** {@link OutgoingRequests} on the webhooks' own guard, sender and header cipher. */
@Component
class GuardedRequests implements OutgoingRequests {

  private final TargetGuard guard;
  private final WebhookSender sender;
  private final HeaderCipher cipher;

  GuardedRequests(TargetGuard guard, WebhookSender sender, HeaderCipher cipher) {
    this.guard = guard;
    this.sender = sender;
    this.cipher = cipher;
  }

  @Override
  public Optional<String> refusal(String url) {
    try {
      guard.check(url);
      return Optional.empty();
    } catch (TargetGuard.Refused refused) {
      return Optional.of(refused.getMessage());
    }
  }

  @Override
  public Answer postJson(String url, Map<String, String> headers, String body, int maxBody)
      throws InterruptedException {
    InetAddress address;
    try {
      // the request goes to an address the guard checked now, never to a fresh resolution
      address = guard.check(url).getFirst();
    } catch (TargetGuard.Refused refused) {
      return new Answer(0, null, "Refused: the URL " + refused.getMessage());
    }
    var all = new LinkedHashMap<String, String>();
    all.put("Content-Type", "application/json");
    all.put("Accept", "application/json");
    all.putAll(headers);
    var answer = sender.send("POST", URI.create(url), address, all, body, maxBody);
    return new Answer(answer.status(), answer.body(), answer.error());
  }

  @Override
  public boolean canSeal() {
    return cipher.available();
  }

  @Override
  public String seal(String plain) {
    return cipher.encrypt(plain);
  }

  @Override
  public String unseal(String sealed) {
    return cipher.decrypt(sealed);
  }
}
