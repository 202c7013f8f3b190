package io.learnpulse.scoring.status;

/** Finds the instance whose state stores hold a registration's topic statuses. */
public interface StatusLocator {

  /** Where the statuses of {@code registrationId} are kept now. */
  Location locate(String registrationId);

  /** This instance's {@code host:port}, as the others know it (empty before it is known). */
  String self();

  /** Where a registration's statuses are. */
  sealed interface Location {}

  /** In this instance's stores. */
  record Here() implements Location {}

  /**
   * In another instance's stores.
   *
   * @param host host of its {@code application.server}
   * @param port port of its {@code application.server}
   */
  record There(String host, int port) implements Location {

    /** {@code host:port}. */
    public String hostPort() {
      return host + ":" + port;
    }
  }

  /**
   * Not known now (Kafka Streams starting or rebalancing).
   *
   * @param reason why
   */
  record Unknown(String reason) implements Location {}
}
