package io.learnpulse.scoring.streams;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.state.HostInfo;

/**
 * This instance's {@code application.server}: the advertised host and the port the web server
 * listens on, known once the web server is up (Kafka Streams starts only then).
 */
public final class StreamsHost {

  private final AtomicReference<HostInfo> self = new AtomicReference<>();

  /** This instance, once its web server listens. */
  public Optional<HostInfo> self() {
    return Optional.ofNullable(self.get());
  }

  void set(HostInfo host) {
    self.set(host);
  }

  /** {@code host:port}, the form of {@code application.server}. */
  public static String format(HostInfo host) {
    return host.host() + ":" + host.port();
  }
}
