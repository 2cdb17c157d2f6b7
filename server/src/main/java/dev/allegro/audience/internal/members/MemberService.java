package dev.allegro.audience.internal.members;

import dev.allegro.audience.AudienceMember;
import dev.allegro.audience.AudienceMember.ForeignKey;
import dev.allegro.audience.AudienceMembers;
import dev.allegro.system.web.ApiException;
import dev.allegro.system.web.FieldErrors;
import dev.allegro.system.web.Page;
import dev.allegro.system.web.ValidationException;
import dev.allegro.tenancy.TenantId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The tenant API's changes to members: validated, with their foreign keys. */
@Service
class MemberService {

  static final int MAX_NAME = 255;
  static final int MAX_FOREIGN_KEYS = 50;
  static final int MAX_VALUE = 255;
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

  private final MemberStore store;
  private final AudienceMembers members;
  private final Clock clock;

  MemberService(MemberStore store, AudienceMembers members, Clock clock) {
    this.store = store;
    this.members = members;
    this.clock = clock;
  }

  /** A foreign key as a request sends it; either part may be missing. */
  record KeyInput(String key, String value) {}

  Page<AudienceMember> page(
      TenantId tenant, MemberStore.Filter filter, Page.Request request, String path) {
    return Page.of(
        store.page(tenant, filter, request.offset(), request.perPage()),
        request,
        store.count(tenant, filter),
        path);
  }

  AudienceMember require(TenantId tenant, String id, boolean includeDeleted) {
    return parse(id)
        .flatMap(uuid -> store.find(tenant, uuid))
        .filter(m -> includeDeleted || !m.deleted())
        .orElseThrow(() -> ApiException.notFound("No audience member with id '" + id + "'."));
  }

  /**
   * Creates a member, or finds the one with that email (restoring it when deleted), and sets the
   * foreign keys given.
   */
  @Transactional
  AudienceMembers.Found create(TenantId tenant, String email, String name, List<KeyInput> keys) {
    var errors = new FieldErrors();
    String address = EmailAddress.valid(email, "email", true, errors);
    validName(name, errors);
    List<ForeignKey> foreignKeys = validKeys(keys, errors);
    errors.throwIfAny();
    var found = members.findOrCreate(tenant, address, blankToNull(name));
    AudienceMember member = found.member();
    if (!found.created() && name != null && !name.isBlank() && member.name() == null) {
      store.update(tenant, member.id(), member.email(), name.trim());
    }
    putKeys(tenant, member.id(), foreignKeys);
    return new AudienceMembers.Found(
        store.find(tenant, member.id()).orElseThrow(), found.created());
  }

  /**
   * Changes what the request names: {@code email}, {@code name} ({@code clearName} for an explicit
   * null) and, when {@code keys} is not null, the whole set of foreign keys.
   */
  @Transactional
  AudienceMember update(
      TenantId tenant,
      String id,
      String email,
      String name,
      boolean clearName,
      List<KeyInput> keys) {
    AudienceMember member = require(tenant, id, false);
    var errors = new FieldErrors();
    String address =
        email == null ? member.email() : EmailAddress.valid(email, "email", true, errors);
    if (address != null && !address.equalsIgnoreCase(member.email())) {
      store
          .findByEmail(tenant, address)
          .filter(other -> !other.id().equals(member.id()))
          .ifPresent(other -> errors.add("email", "The email has already been taken."));
    }
    validName(name, errors);
    List<ForeignKey> foreignKeys = keys == null ? null : validKeys(keys, errors);
    errors.throwIfAny();
    String newName = clearName ? null : name == null ? member.name() : blankToNull(name);
    try {
      store.update(tenant, member.id(), address, newName);
    } catch (DuplicateKeyException e) {
      throw ValidationException.of("email", "The email has already been taken.");
    }
    if (foreignKeys != null) {
      store.removeForeignKeysExcept(
          tenant, member.id(), foreignKeys.stream().map(ForeignKey::key).toList());
      putKeys(tenant, member.id(), foreignKeys);
    }
    return store.find(tenant, member.id()).orElseThrow();
  }

  void delete(TenantId tenant, String id) {
    AudienceMember member = require(tenant, id, false);
    store.softDelete(tenant, member.id(), clock.instant());
  }

  private void putKeys(TenantId tenant, UUID member, List<ForeignKey> keys) {
    var errors = new FieldErrors();
    for (int i = 0; i < keys.size(); i++) {
      ForeignKey key = keys.get(i);
      if (store.holderOf(tenant, key, member).isPresent()) {
        errors.add("foreign_keys." + i + ".value", taken(i, key));
      }
    }
    errors.throwIfAny();
    try {
      store.putForeignKeys(tenant, member, keys);
    } catch (DuplicateKeyException e) {
      // another request took one of the pairs between the check and the write
      throw ValidationException.of(
          "foreign_keys", "A foreign key already belongs to another member.");
    }
  }

  private static String taken(int i, ForeignKey key) {
    return "The foreign_keys."
        + i
        + " pair "
        + key.key()
        + "="
        + key.value()
        + " already belongs to another member.";
  }

  private static List<ForeignKey> validKeys(List<KeyInput> keys, FieldErrors errors) {
    if (keys == null) {
      return List.of();
    }
    if (keys.size() > MAX_FOREIGN_KEYS) {
      errors.add(
          "foreign_keys",
          "The foreign_keys field must not have more than " + MAX_FOREIGN_KEYS + " items.");
      return List.of();
    }
    var valid = new ArrayList<ForeignKey>();
    var seen = new HashSet<String>();
    for (int i = 0; i < keys.size(); i++) {
      KeyInput input = keys.get(i);
      String field = "foreign_keys." + i;
      if (input == null) {
        errors.add(field, "The " + field + " field must be an object with key and value.");
        continue;
      }
      boolean ok = true;
      if (input.key() == null || !KEY.matcher(input.key()).matches()) {
        errors.add(
            field + ".key",
            "The "
                + field
                + ".key field must be 1 to 100 letters, digits or any of _ . : - characters.");
        ok = false;
      } else if (!seen.add(input.key())) {
        errors.add(field + ".key", "The " + field + ".key field has a duplicate value.");
        ok = false;
      }
      if (input.value() == null || input.value().isBlank()) {
        errors.add(field + ".value", "The " + field + ".value field is required.");
        ok = false;
      } else if (input.value().length() > MAX_VALUE) {
        errors.add(
            field + ".value",
            "The " + field + ".value field must not be greater than " + MAX_VALUE + " characters.");
        ok = false;
      }
      if (ok) {
        valid.add(new ForeignKey(input.key(), input.value()));
      }
    }
    return valid;
  }

  private static void validName(String name, FieldErrors errors) {
    if (name != null && name.length() > MAX_NAME) {
      errors.add("name", "The name field must not be greater than " + MAX_NAME + " characters.");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  static Optional<UUID> parse(String id) {
    try {
      return id.length() == 36 ? Optional.of(UUID.fromString(id)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
