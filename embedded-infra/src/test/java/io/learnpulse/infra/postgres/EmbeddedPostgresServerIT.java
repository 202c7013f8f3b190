package io.learnpulse.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.infra.TestDirs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerIT {

  @Test
  void answersSelectOneOnTheLearnpulseDatabase() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.builder().build().start()) {
      assertThat(server.jdbcUrl()).startsWith("jdbc:postgresql://").contains("/learnpulse");
      try (Connection connection = connect(server);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT 1, current_database(), version()")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(1);
        assertThat(rows.getString(2)).isEqualTo("learnpulse");
        assertThat(rows.getString(3)).startsWith("PostgreSQL 17.");
      }
    }
  }

  @Test
  void keepsDataAcrossARestartOnTheSameDirectory() throws Exception {
    Path dataDir = TestDirs.fresh("restart-");
    int port;
    try (EmbeddedPostgresServer server =
        EmbeddedPostgresServer.builder().dataDir(dataDir).build().start()) {
      port = server.port();
      try (Connection connection = connect(server);
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE kept (id int PRIMARY KEY, name text)");
        statement.execute("INSERT INTO kept VALUES (1, 'survivor')");
      }
    }

    try (EmbeddedPostgresServer server =
        EmbeddedPostgresServer.builder().dataDir(dataDir).port(port).build().start()) {
      assertThat(server.port()).isEqualTo(port);
      try (Connection connection = connect(server);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT name FROM kept WHERE id = 1")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("survivor");
      }
    }
  }

  private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
  }
}
