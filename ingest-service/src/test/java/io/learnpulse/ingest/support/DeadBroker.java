package io.learnpulse.ingest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A bootstrap address where no broker listens: a port that was free a moment ago. */
public final class DeadBroker {

  private DeadBroker() {}

  /** {@code 127.0.0.1:<port>} with nothing listening on the port. */
  public static String address() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
