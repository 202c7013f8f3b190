package io.learnpulse.lmssync.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * SQL array parameters ({@code = any(:ids)}, {@code unnest(:ids, :values)}) created on the current
 * transaction's connection: one parameter for a whole batch, not an expanded list.
 */
public final class SqlArrays {

  private SqlArrays() {}

  /**
   * An array of PostgreSQL type {@code type} ({@code uuid}, {@code text}, {@code bigint}, {@code
   * int4}…) holding {@code elements}, on the connection of the transaction in progress.
   */
  public static Array of(DataSource dataSource, String type, Object[] elements) {
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try {
      return connection.createArrayOf(type, elements);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a " + type + " array", e);
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }
}
