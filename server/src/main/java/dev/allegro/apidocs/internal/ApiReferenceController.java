package dev.allegro.apidocs.internal;

import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.TrustedProxies;
import dev.allegro.tenancy.HostContext;
import dev.allegro.tenancy.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API reference, public: the landlord's hosts serve the document at {@code /openapi.json}, a
 * tenant's host at {@code /api/openapi.json} (the same document, naming the tenant's origin), and
 * both show it with Swagger UI at {@code /docs/api}. The document changes only with a release, so
 * caches may keep it for a few minutes.
 */
@RestController
class ApiReferenceController {

  static final String LANDLORD_DOCUMENT = "/openapi.json";
  static final String TENANT_DOCUMENT = "/api/openapi.json";
  private static final CacheControl CACHE =
      CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();
  private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

  private final ApiDocument document;
  private final TrustedProxies proxies;

  ApiReferenceController(ApiDocument document, TrustedProxies proxies) {
    this.document = document;
    this.proxies = proxies;
  }

  @GetMapping(LANDLORD_DOCUMENT)
  ResponseEntity<byte[]> landlordDocument(HttpServletRequest request) {
    if (!(HostContext.of(request) instanceof HostContext.Landlord)) {
      throw ApiException.notFound(
          "The landlord's API reference is served on the landlord's hosts; a tenant's host serves "
              + TENANT_DOCUMENT
              + ".");
    }
    return document(request);
  }

  /** Takes the tenant only to answer 404 on a landlord's host, as every tenant route does. */
  @GetMapping(TENANT_DOCUMENT)
  ResponseEntity<byte[]> tenantDocument(Tenant tenant, HttpServletRequest request) {
    return document(request);
  }

  @GetMapping("/docs/api")
  ResponseEntity<byte[]> page(HttpServletRequest request) {
    String url =
        HostContext.of(request) instanceof HostContext.Landlord
            ? LANDLORD_DOCUMENT
            : TENANT_DOCUMENT;
    return ResponseEntity.ok()
        .contentType(HTML)
        .cacheControl(CACHE)
        .body(ReferencePages.PAGES.get(url));
  }

  private ResponseEntity<byte[]> document(HttpServletRequest request) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .cacheControl(CACHE)
        .body(document.servedAt(proxies.origin(request)));
  }

  /** The Swagger UI page for each document, made from its template on first use. */
  private static final class ReferencePages {
    static final Map<String, byte[]> PAGES =
        Map.of(
            LANDLORD_DOCUMENT, render(LANDLORD_DOCUMENT), TENANT_DOCUMENT, render(TENANT_DOCUMENT));

    private static byte[] render(String documentUrl) {
      try (InputStream in = new ClassPathResource("apidocs/reference.html").getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8)
            .replace("{{document}}", documentUrl)
            .getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
