package dev.allegro.tenancy;

/** A tenant's numeric id, typed so that it cannot be mixed up with a user's or a token's. */
public record TenantId(long value) {

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
