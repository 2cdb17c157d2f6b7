package dev.allegro.webhooks;

import java.util.Map;
import java.util.Optional;

/**
 * Outgoing HTTP for other features, with the webhooks' safeguards: the SSRF guard (http or https,
 * public addresses only unless {@code WEBHOOKS_ALLOW_PRIVATE}), checked when a URL is configured
 * and again before every request; the connect and read timeout {@code WEBHOOKS_TIMEOUT}; no
 * redirect followed; and the AES-GCM cipher that keeps forwarders' headers encrypted at rest
 * ({@code FORWARDING_KEY}).
 */
public interface OutgoingRequests {

  /**
   * What came back.
   *
   * @param status the answer's status, or 0 when none came (refused, unreachable, timed out)
   * @param body at most the requested number of bytes of its body, or null
   * @param error why no answer came, or null
   */
  record Answer(int status, String body, String error) {
    public boolean succeeded() {
      return status >= 200 && status < 300;
    }
  }

  /** Why {@code url} may not be called (e.g. "must be an http or https URL"), or empty. */
  Optional<String> refusal(String url);

  /**
   * POSTs {@code body} as JSON after checking the URL again.
   *
   * @param maxBody how many bytes of the answer's body to read at most
   */
  Answer postJson(String url, Map<String, String> headers, String body, int maxBody)
      throws InterruptedException;

  /** Whether secrets can be sealed here (a {@code FORWARDING_KEY}, or {@code APP_ENV=local}). */
  boolean canSeal();

  /** Encrypts a secret for storage. */
  String seal(String plain);

  /** Decrypts what {@link #seal} made. */
  String unseal(String sealed);
}
