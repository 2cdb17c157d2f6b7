package dev.allegro.tracking.internal;

import java.sql.SQLException;

/** Tells a database that refused a value apart from one that could not do its work. */
final class StorageErrors {

  private StorageErrors() {}

  /**
   * Whether PostgreSQL refused a value it was given: SQLSTATE class 22 (data exception: a NUL, a
   * time out of range) or 23 (integrity constraint violation). Anything else, a lost connection, a
   * timeout, a deadlock, is the database's state, not the request's.
   */
  static boolean isRefusedValue(Throwable failure) {
    String state = sqlState(failure);
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  /** The database's own words, without the statement and its parameters. */
  static String reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String message = sql.getMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        return sql.getSQLState() + " " + (newline < 0 ? message : message.substring(0, newline));
      }
    }
    return failure.toString();
  }

  private static String sqlState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }
}
