package io.learnpulse.lmssync.bridge;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Wakes commit streams when a commit is written: holds one PostgreSQL connection that {@code
 * LISTEN}s on {@code learnpulse_commits} (the V2 migration's trigger notifies the session id when a
 * commit row is inserted, delivered at transaction commit) and passes each session id to {@link
 * CommitStreamRegistry#signal}. After (re)connecting it asks the registry to poll once, since
 * anything written while nobody listened was not notified. Reconnects with back-off (0.5 s doubling
 * to 30 s).
 *
 * <p>This is a thread of its own rather than a scheduled task because it blocks on the connection
 * for as long as the service runs.
 */
@Component
class CommitListener implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CommitListener.class);

  /** The notification channel of the V2 migration's trigger. */
  static final String CHANNEL = "learnpulse_commits";

  private static final Duration WAIT = Duration.ofSeconds(1);

  private final DataSource dataSource;
  private final CommitStreamRegistry streams;
  private volatile boolean running;
  private volatile Thread thread;

  CommitListener(DataSource dataSource, CommitStreamRegistry streams) {
    this.dataSource = dataSource;
    this.streams = streams;
  }

  private void listen() {
    long backoffMillis = 500;
    while (running) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("LISTEN " + CHANNEL);
        PGConnection pg = connection.unwrap(PGConnection.class);
        backoffMillis = 500;
        streams.pollAll();
        while (running) {
          PGNotification[] notifications = pg.getNotifications((int) WAIT.toMillis());
          if (notifications == null) {
            continue;
          }
          for (PGNotification notification : notifications) {
            try {
              streams.signal(UUID.fromString(notification.getParameter()));
            } catch (IllegalArgumentException notASession) {
              log.debug("ignoring notification {}", notification.getParameter());
            }
          }
        }
        // The connection goes back to the pool: it must not keep listening there.
        statement.execute("UNLISTEN *");
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("commit listener lost its connection; reconnecting in {} ms", backoffMillis, e);
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException stopped) {
          Thread.currentThread().interrupt();
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, 30_000);
      }
    }
  }

  @Override
  public void start() {
    running = true;
    Thread listener = new Thread(this::listen, "commit-listener");
    listener.setDaemon(true);
    thread = listener;
    listener.start();
  }

  @Override
  public void stop() {
    running = false;
    Thread listener = thread;
    if (listener != null) {
      listener.interrupt();
      try {
        listener.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
