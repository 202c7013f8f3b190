package io.learnpulse.infra.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL (17, from the zonky binaries on Maven Central) run as a child process.
 *
 * <p>With a data directory the cluster is kept across restarts (initdb runs only when the directory
 * is not yet initialized); without one a temporary cluster is created and removed on {@link
 * #close()}. The database {@value #DEFAULT_DATABASE} is created when missing. As root, zonky starts
 * PostgreSQL in a user namespace ({@code unshare}), which PostgreSQL accepts.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  /** The database created on start when missing. */
  public static final String DEFAULT_DATABASE = "learnpulse";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String USERNAME = "postgres";
  // The embedded cluster trusts local connections; drivers still want a password to send.
  private static final String PASSWORD = "postgres";

  private final Path dataDir;
  private final Path workingDir;
  private final int requestedPort;
  private final String database;
  private EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(Builder builder) {
    this.dataDir = builder.dataDir;
    this.workingDir = builder.workingDir;
    this.requestedPort = builder.port;
    this.database = builder.database;
  }

  /**
   * Starts a builder: temporary data directory, free port, database {@value #DEFAULT_DATABASE}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts PostgreSQL and creates the database if it does not exist.
   *
   * @return this server
   */
  public synchronized EmbeddedPostgresServer start() {
    if (postgres != null) {
      throw new IllegalStateException("PostgreSQL already started");
    }
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      if (dataDir != null) {
        Files.createDirectories(dataDir);
        builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
      }
      if (workingDir != null) {
        Files.createDirectories(workingDir);
        builder.setOverrideWorkingDirectory(workingDir.toFile());
      }
      if (requestedPort != 0) {
        builder.setPort(requestedPort);
      }
      postgres = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start PostgreSQL", e);
    }
    createDatabaseIfMissing();
    log.info(
        "PostgreSQL started: {} (data {})", jdbcUrl(), dataDir == null ? "temporary" : dataDir);
    return this;
  }

  private void createDatabaseIfMissing() {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database);
      try (ResultSet rows = exists.executeQuery()) {
        if (rows.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        // The name is validated against DATABASE_NAME, so it needs no quoting.
        create.execute("CREATE DATABASE " + database);
      }
      log.info("Created database {}", database);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create database " + database, e);
    }
  }

  /**
   * Returns the JDBC URL of the application database.
   *
   * @return {@code jdbc:postgresql://localhost:port/learnpulse?...}
   */
  public String jdbcUrl() {
    requireStarted();
    return postgres.getJdbcUrl(USERNAME, database);
  }

  /**
   * Returns the user name to connect with.
   *
   * @return the superuser name
   */
  public String username() {
    return USERNAME;
  }

  /**
   * Returns the password to connect with (any password is accepted).
   *
   * @return the password
   */
  public String password() {
    return PASSWORD;
  }

  /**
   * Returns the port PostgreSQL listens on.
   *
   * @return the port
   */
  public int port() {
    requireStarted();
    return postgres.getPort();
  }

  /**
   * Returns the application database name.
   *
   * @return the database name
   */
  public String database() {
    return database;
  }

  /** Stops PostgreSQL (fast shutdown); a temporary data directory is removed. */
  @Override
  public synchronized void close() {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
      log.info("PostgreSQL stopped");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not stop PostgreSQL", e);
    } finally {
      postgres = null;
    }
  }

  private void requireStarted() {
    if (postgres == null) {
      throw new IllegalStateException("PostgreSQL not started");
    }
  }

  /** Options of an {@link EmbeddedPostgresServer}. */
  public static final class Builder {
    private Path dataDir;
    private Path workingDir;
    private int port;
    private String database = DEFAULT_DATABASE;

    private Builder() {}

    /**
     * Sets a data directory kept across restarts (default: a temporary one).
     *
     * @param dataDir the directory
     * @return this builder
     */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath();
      return this;
    }

    /**
     * Sets where the binaries are unpacked (default: under {@code java.io.tmpdir}).
     *
     * @param workingDir the directory
     * @return this builder
     */
    public Builder workingDir(Path workingDir) {
      this.workingDir = Objects.requireNonNull(workingDir, "workingDir").toAbsolutePath();
      return this;
    }

    /**
     * Sets the port (0, the default, picks a free one).
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Invalid port " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets the application database name (default {@value #DEFAULT_DATABASE}).
     *
     * @param database a lower-case SQL identifier
     * @return this builder
     */
    public Builder database(String database) {
      if (!DATABASE_NAME.matcher(database).matches()) {
        throw new IllegalArgumentException("Invalid database name " + database);
      }
      this.database = database;
      return this;
    }

    /**
     * Builds the (not yet started) server.
     *
     * @return the server
     */
    public EmbeddedPostgresServer build() {
      return new EmbeddedPostgresServer(this);
    }
  }
}
