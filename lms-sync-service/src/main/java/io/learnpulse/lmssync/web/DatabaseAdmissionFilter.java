package io.learnpulse.lmssync.web;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.schemas.wire.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sheds an API request ({@code /v1/**}) at once, with 503 {@code unavailable} and {@code
 * Retry-After}, while {@code learnpulse.lms-sync.max-connection-waiters} threads already wait for a
 * database connection (ADR 42). Without it a burst beyond what PostgreSQL serves filled every
 * request thread with a 2 s wait for the pool, the requests behind them queued in Tomcat past the
 * clients' timeout, and the server spent its CPU on answers nobody read while the clients retried:
 * capacity run 16 collapsed to 27 answered requests/s for the rest of the run. Shed here, a request
 * costs no token check, no parsing and no connection, the threads stay free, and the consumers,
 * which share the pool, keep theirs. Runs after the body limit and before security.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 25)
class DatabaseAdmissionFilter extends OncePerRequestFilter {

  private final DataSource dataSource;
  private final int maxWaiters;
  private final ProblemWriter problems;
  private final Counter shed;
  private volatile HikariPoolMXBean pool;

  DatabaseAdmissionFilter(
      DataSource dataSource,
      LmsSyncProperties properties,
      ProblemWriter problems,
      MeterRegistry meters) {
    this.dataSource = dataSource;
    this.maxWaiters = properties.maxConnectionWaiters();
    this.problems = problems;
    this.shed =
        Counter.builder("learnpulse.lms-sync.requests.shed")
            .description(
                "API requests answered 503 at once because too many requests already waited for"
                    + " a database connection")
            .tag("reason", "database-busy")
            .register(meters);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/v1/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HikariPoolMXBean bean = pool();
    if (bean != null && bean.getThreadsAwaitingConnection() >= maxWaiters) {
      shed.increment();
      response.setHeader(
          HttpHeaders.RETRY_AFTER,
          Long.toString(ProblemAdvice.NO_CONNECTION_RETRY_AFTER.toSeconds()));
      problems.write(
          response,
          Problems.of(
              ProblemType.UNAVAILABLE,
              "the database is busy: "
                  + maxWaiters
                  + " requests already wait for a connection; retry later"));
      return;
    }
    chain.doFilter(request, response);
  }

  /** The pool's live figures; null before the pool started (nothing to shed then). */
  private HikariPoolMXBean pool() {
    HikariPoolMXBean bean = pool;
    if (bean == null) {
      try {
        bean =
            dataSource.isWrapperFor(HikariDataSource.class)
                ? dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean()
                : null;
      } catch (SQLException notHikari) {
        bean = null;
      }
      pool = bean;
    }
    return bean;
  }
}
