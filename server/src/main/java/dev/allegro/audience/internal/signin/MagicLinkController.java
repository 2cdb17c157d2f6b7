package dev.allegro.audience.internal.signin;

import dev.allegro.system.web.JsonBody;
import dev.allegro.system.web.TrustedProxies;
import dev.allegro.tenancy.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The browser SDK's member sign-in (docs/audience.md), public on the tenant's host: ask for a magic
 * link, trade its token for a JWT, and the keys that verify it.
 */
@RestController
class MagicLinkController {

  private final MagicLinks links;
  private final SigningKeys keys;
  private final TrustedProxies proxies;
  private final JsonMapper json;

  MagicLinkController(MagicLinks links, SigningKeys keys, TrustedProxies proxies, JsonMapper json) {
    this.links = links;
    this.keys = keys;
    this.proxies = proxies;
    this.json = json;
  }

  record LinkRequest(String email, String returnUrl, JsonNode data) {}

  record TokenRequest(String token) {}

  record MemberClaims(String id, String email, String name, boolean emailVerified) {}

  record SignInAnswer(
      String jwt,
      Instant expiresAt,
      MemberClaims audienceMember,
      String returnUrl,
      JsonNode data) {}

  @PostMapping("/api/magic-link")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Map<String, String> request(
      Tenant tenant, @JsonBody LinkRequest body, HttpServletRequest request) {
    String page = request.getHeader(HttpHeaders.REFERER);
    if (page == null || page.isBlank()) {
      page = request.getHeader(HttpHeaders.ORIGIN);
    }
    links.request(
        tenant, body.email(), body.returnUrl(), body.data(), proxies.clientIp(request), page);
    return Map.of(
        "status",
        "ok",
        "message",
        "If the address can receive mail, a sign-in link is on its way to it.");
  }

  @PostMapping("/api/magic-link/validate")
  SignInAnswer validate(Tenant tenant, @JsonBody TokenRequest body, HttpServletRequest request) {
    var signedIn = links.validate(tenant, body.token(), proxies.origin(request));
    var member = signedIn.member();
    return new SignInAnswer(
        signedIn.jwt(),
        signedIn.expiresAt(),
        new MemberClaims(
            member.id().toString(),
            member.email(),
            member.name(),
            member.emailVerifiedAt() != null),
        signedIn.returnUrl(),
        signedIn.data() == null ? null : json.readTree(signedIn.data()));
  }

  /** Public keys, so any origin may read them; verifiers may keep them a few minutes. */
  @GetMapping("/.well-known/jwks.json")
  ResponseEntity<String> jwks(Tenant tenant) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
        .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .body(keys.published(tenant.id()).toString());
  }
}
