package dev.allegro.audience.internal.sync;

import dev.allegro.auth.RequiresAbility;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.system.web.JsonBody;
import dev.allegro.system.web.Page;
import dev.allegro.tenancy.Tenant;
import dev.allegro.webhooks.OutgoingRequests;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's audience sync: its HTTP provider's settings and its runs (docs/audience-sync.md); a
 * tenant token with {@code audience:manage}.
 */
@RestController
@RequestMapping("/api/v1/audience-sync")
@RequiresAbility("audience:manage")
class SyncController {

  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

  private final HttpProviderStore configs;
  private final SyncRunStore runs;
  private final OutgoingRequests requests;
  private final Clock clock;

  SyncController(
      HttpProviderStore configs, SyncRunStore runs, OutgoingRequests requests, Clock clock) {
    this.configs = configs;
    this.runs = runs;
    this.requests = requests;
    this.clock = clock;
  }

  /** The provider as the API shows it: its auth header's name, never its value. */
  record ProviderView(
      String provider,
      String url,
      String authHeaderName,
      boolean hasAuthHeader,
      int batchSize,
      boolean enabled,
      Instant updatedAt) {

    static ProviderView of(HttpProviderConfig c) {
      return new ProviderView(
          HttpProvider.NAME,
          c.url(),
          c.authHeaderName(),
          c.authHeaderSealed() != null,
          c.batchSize(),
          c.enabled(),
          c.updatedAt());
    }
  }

  /**
   * @param authHeader {@code {"name": "Authorization", "value": "Bearer ..."}}, or null for none
   */
  record ProviderInput(String url, JsonNode authHeader, JsonNode batchSize, JsonNode enabled) {}

  record RunView(
      UUID id,
      String provider,
      String status,
      Instant startedAt,
      Instant finishedAt,
      int members,
      int failures) {

    static RunView of(SyncRun r) {
      return new RunView(
          r.id(),
          r.provider(),
          r.status().value(),
          r.startedAt(),
          r.finishedAt(),
          r.members(),
          r.failures());
    }
  }

  @GetMapping("/providers/http")
  Map<String, ProviderView> show(Tenant tenant) {
    return Map.of("data", ProviderView.of(require(tenant)));
  }

  @PutMapping("/providers/http")
  Map<String, ProviderView> put(Tenant tenant, @JsonBody ProviderInput body) {
    var errors = new FieldErrors();
    String url = body.url() == null ? null : body.url().trim();
    if (url == null || url.isEmpty()) {
      errors.add("url", "The url field is required.");
    } else {
      requests.refusal(url).ifPresent(why -> errors.add("url", "The url field " + why + "."));
    }
    int batch = HttpProviderConfig.DEFAULT_BATCH;
    if (body.batchSize() != null && !body.batchSize().isNull()) {
      if (body.batchSize().isIntegralNumber()
          && body.batchSize().asLong() >= 1
          && body.batchSize().asLong() <= HttpProviderConfig.MAX_BATCH) {
        batch = body.batchSize().asInt();
      } else {
        errors.add(
            "batch_size",
            "The batch_size field must be an integer between 1 and "
                + HttpProviderConfig.MAX_BATCH
                + ".");
      }
    }
    boolean enabled = true;
    if (body.enabled() != null && !body.enabled().isNull()) {
      if (body.enabled().isBoolean()) {
        enabled = body.enabled().asBoolean();
      } else {
        errors.add("enabled", "The enabled field must be true or false.");
      }
    }
    String headerName = null;
    String headerValue = null;
    JsonNode header = body.authHeader();
    if (header != null && !header.isNull()) {
      if (!header.isObject()) {
        errors.add("auth_header", "The auth_header field must be an object with name and value.");
      } else {
        headerName = header.path("name").isString() ? header.path("name").asString() : null;
        headerValue = header.path("value").isString() ? header.path("value").asString() : null;
        if (headerName == null || !HEADER.matcher(headerName).matches()) {
          errors.add("auth_header.name", "The auth_header.name field must be a header name.");
        }
        if (headerValue == null
            || headerValue.isEmpty()
            || headerValue.length() > 4096
            || headerValue.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
          errors.add(
              "auth_header.value",
              "The auth_header.value field must be a header value of at most 4096 characters.");
        }
        if (!requests.canSeal()) {
          errors.add(
              "auth_header",
              "The auth_header field needs FORWARDING_KEY: headers are stored encrypted.");
        }
      }
    }
    errors.throwIfAny();
    var config =
        new HttpProviderConfig(
            tenant.id(),
            url,
            headerName,
            headerValue == null ? null : requests.seal(headerValue),
            batch,
            enabled,
            clock.instant());
    configs.save(config);
    return Map.of("data", ProviderView.of(config));
  }

  @DeleteMapping("/providers/http")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(Tenant tenant) {
    if (!configs.delete(tenant.id())) {
      throw notConfigured();
    }
  }

  @GetMapping("/runs")
  Page<RunView> runs(
      Tenant tenant,
      @RequestParam(name = "page", required = false) String page,
      @RequestParam(name = "per_page", required = false) String perPage,
      HttpServletRequest http) {
    var request = Page.Request.of(page, perPage);
    var items =
        runs.page(tenant.id(), request.offset(), request.perPage()).stream()
            .map(RunView::of)
            .toList();
    String path = ServletUriComponentsBuilder.fromRequestUri(http).replaceQuery(null).toUriString();
    return Page.of(items, request, runs.count(tenant.id()), path);
  }

  private HttpProviderConfig require(Tenant tenant) {
    return configs.find(tenant.id()).orElseThrow(SyncController::notConfigured);
  }

  private static ApiException notConfigured() {
    return ApiException.notFound("The tenant has no HTTP sync provider.");
  }
}
