package dev.allegro.webhooks.internal;

import dev.allegro.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code forwarders} table; headers are encrypted on the way in and out. */
@Repository
class ForwarderStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, tenant_id, url, method, event_types, headers, mapping, success_status, queue, created_at";

  private final JdbcClient jdbc;
  private final HeaderCipher cipher;

  ForwarderStore(JdbcClient jdbc, HeaderCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  Forwarder save(Forwarder f) {
    return jdbc.sql(
            "INSERT INTO forwarders (id, tenant_id, url, method, event_types, headers, mapping,"
                + " success_status, queue) VALUES (:id, :tenant, :url, :method, :types, :headers,"
                + " :mapping, :status, :queue) ON CONFLICT (id) DO UPDATE SET url = :url,"
                + " method = :method, event_types = :types, headers = :headers,"
                + " mapping = :mapping, success_status = :status, queue = :queue RETURNING "
                + COLUMNS)
        .param("id", f.id())
        .param("tenant", f.tenant().value())
        .param("url", f.url())
        .param("method", f.method())
        .param("types", f.eventTypes().toArray(String[]::new))
        .param(
            "headers",
            f.headers().isEmpty() ? null : cipher.encrypt(JSON.writeValueAsString(f.headers())))
        .param("mapping", JSON.writeValueAsString(f.mapping()))
        .param("status", f.successStatus())
        .param("queue", f.queue())
        .query(this::forwarder)
        .single();
  }

  List<Forwarder> list(TenantId tenant) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM forwarders WHERE tenant_id = :tenant ORDER BY created_at, id")
        .param("tenant", tenant.value())
        .query(this::forwarder)
        .list();
  }

  /** Every tenant that has a forwarder. */
  List<TenantId> tenants() {
    return jdbc.sql("SELECT DISTINCT tenant_id FROM forwarders ORDER BY tenant_id")
        .query((rs, row) -> new TenantId(rs.getLong(1)))
        .list();
  }

  Optional<Forwarder> find(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM forwarders WHERE id = :id")
        .param("id", id)
        .query(this::forwarder)
        .optional();
  }

  void delete(UUID id) {
    jdbc.sql("DELETE FROM forwarders WHERE id = :id").param("id", id).update();
  }

  private Forwarder forwarder(ResultSet rs, int row) throws SQLException {
    String headers = rs.getString("headers");
    return new Forwarder(
        rs.getObject("id", UUID.class),
        new TenantId(rs.getLong("tenant_id")),
        rs.getString("url"),
        rs.getString("method"),
        Arrays.asList((String[]) rs.getArray("event_types").getArray()),
        headers == null ? Map.of() : JSON.readValue(cipher.decrypt(headers), MAP),
        JSON.readValue(rs.getString("mapping"), MAP),
        rs.getInt("success_status"),
        rs.getString("queue"),
        rs.getTimestamp("created_at").toInstant());
  }
}
