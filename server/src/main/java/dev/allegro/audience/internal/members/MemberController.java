package dev.allegro.audience.internal.members;

import dev.allegro.audience.AudienceMember;
import dev.allegro.audience.AudienceMember.ForeignKey;
import dev.allegro.auth.RequiresAbility;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.system.web.JsonBody;
import dev.allegro.system.web.Page;
import dev.allegro.system.web.ValidationException;
import dev.allegro.tenancy.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's audience members (docs/audience.md): reading needs a token with {@code audience:read},
 * changing one with {@code audience:manage}.
 */
@RestController
@RequestMapping("/api/v1/audience-members")
class MemberController {

  private final MemberService service;

  MemberController(MemberService service) {
    this.service = service;
  }

  record MemberView(
      UUID id,
      String email,
      String name,
      boolean emailVerified,
      Instant emailVerifiedAt,
      Instant createdAt,
      Instant lastSeenAt,
      Instant deletedAt,
      List<ForeignKey> foreignKeys) {

    static MemberView of(AudienceMember m) {
      return new MemberView(
          m.id(),
          m.email(),
          m.name(),
          m.emailVerifiedAt() != null,
          m.emailVerifiedAt(),
          m.createdAt(),
          m.lastSeenAt(),
          m.deletedAt(),
          m.foreignKeys());
    }
  }

  record CreateMember(String email, String name, List<MemberService.KeyInput> foreignKeys) {}

  record UpdateMember(String email, JsonNode name, List<MemberService.KeyInput> foreignKeys) {}

  @GetMapping
  @RequiresAbility("audience:read")
  Page<MemberView> list(
      Tenant tenant,
      @RequestParam(required = false) String page,
      @RequestParam(name = "per_page", required = false) String perPage,
      @RequestParam(required = false) String email,
      @RequestParam(name = "foreign_key[key]", required = false) String key,
      @RequestParam(name = "foreign_key[value]", required = false) String value,
      @RequestParam(name = "include_deleted", required = false) String includeDeleted,
      HttpServletRequest request) {
    var errors = new FieldErrors();
    Page.Request pageRequest;
    try {
      pageRequest = Page.Request.of(page, perPage);
    } catch (ValidationException e) {
      e.errors().forEach((field, messages) -> messages.forEach(m -> errors.add(field, m)));
      pageRequest = null;
    }
    ForeignKey foreignKey = null;
    if (key != null || value != null) {
      if (key == null || key.isEmpty()) {
        errors.add(
            "foreign_key.key", "The foreign_key.key field is required with foreign_key.value.");
      }
      if (value == null || value.isEmpty()) {
        errors.add(
            "foreign_key.value", "The foreign_key.value field is required with foreign_key.key.");
      }
      foreignKey = new ForeignKey(key, value);
    }
    String filterEmail = email == null || email.isBlank() ? null : email.trim();
    boolean withDeleted = flag(includeDeleted, errors);
    errors.throwIfAny();
    String path =
        ServletUriComponentsBuilder.fromRequestUri(request).replaceQuery(null).toUriString();
    Page<AudienceMember> result =
        service.page(
            tenant.id(),
            new MemberStore.Filter(filterEmail, foreignKey, withDeleted),
            pageRequest,
            path);
    return new Page<>(
        result.data().stream().map(MemberView::of).toList(), result.links(), result.meta());
  }

  @GetMapping("/{member}")
  @RequiresAbility("audience:read")
  Map<String, MemberView> show(
      Tenant tenant,
      @PathVariable("member") String id,
      @RequestParam(name = "include_deleted", required = false) String includeDeleted) {
    var errors = new FieldErrors();
    boolean withDeleted = flag(includeDeleted, errors);
    errors.throwIfAny();
    return data(service.require(tenant.id(), id, withDeleted));
  }

  @PostMapping
  @RequiresAbility("audience:manage")
  ResponseEntity<Map<String, MemberView>> create(Tenant tenant, @JsonBody CreateMember body) {
    var found = service.create(tenant.id(), body.email(), body.name(), body.foreignKeys());
    return ResponseEntity.status(found.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(data(found.member()));
  }

  @PatchMapping("/{member}")
  @RequiresAbility("audience:manage")
  Map<String, MemberView> update(
      Tenant tenant, @PathVariable("member") String id, @JsonBody UpdateMember body) {
    JsonNode name = body.name();
    if (name != null && !name.isNull() && !name.isString()) {
      throw ValidationException.of("name", "The name field must be a string or null.");
    }
    return data(
        service.update(
            tenant.id(),
            id,
            body.email(),
            name != null && name.isString() ? name.asString() : null,
            name != null && name.isNull(),
            body.foreignKeys()));
  }

  @DeleteMapping("/{member}")
  @RequiresAbility("audience:manage")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(Tenant tenant, @PathVariable("member") String id) {
    service.delete(tenant.id(), id);
  }

  private static Map<String, MemberView> data(AudienceMember member) {
    return Map.of("data", MemberView.of(member));
  }

  private static boolean flag(String value, FieldErrors errors) {
    if (value == null || value.isEmpty() || value.equals("false") || value.equals("0")) {
      return false;
    }
    if (value.equals("true") || value.equals("1")) {
      return true;
    }
    errors.add("include_deleted", "The include_deleted field must be true or false.");
    return false;
  }
}
