package dev.allegro.tenancy;

import java.util.List;

/** What creating a tenant takes; validated by {@link Tenants#create}. */
public record NewTenant(String slug, String name, List<String> domains) {}
