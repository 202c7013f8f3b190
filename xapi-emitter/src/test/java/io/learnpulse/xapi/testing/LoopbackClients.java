package io.learnpulse.xapi.testing;

import io.learnpulse.schemas.net.OutboundUrlPolicy;
import io.learnpulse.xapi.delivery.LrsClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * LRS clients for tests, whose LRSs run on 127.0.0.1: the outbound URL policy admits exactly
 * 127.0.0.1/32, as the tests' configuration does; {@code TenantIsolationIT} shows the refusal
 * without it.
 */
public final class LoopbackClients {

  /** The allow-list entry every test with a local LRS sets. */
  public static final String ALLOW = "127.0.0.1/32";

  private LoopbackClients() {}

  /** A client admitting 127.0.0.1, with a 1 MiB answer cap. */
  public static LrsClient client(Duration connectTimeout, Duration deadline) {
    return client(connectTimeout, deadline, OutboundUrlPolicy.allowing(List.of(ALLOW)));
  }

  /** A client with the given policy. */
  public static LrsClient client(
      Duration connectTimeout, Duration deadline, OutboundUrlPolicy policy) {
    return new LrsClient(
        connectTimeout,
        deadline,
        1 << 20,
        policy,
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "test-resolve");
              t.setDaemon(true);
              return t;
            }),
        Clock.systemUTC());
  }
}
