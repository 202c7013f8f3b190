package io.learnpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.infra.kafka.FreePorts;
import io.learnpulse.infra.kafka.KraftBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.TopicExistsException;
import org.awaitility.Awaitility;

/**
 * The embedded KRaft broker with, next to its plain listener, a {@code SASL_SSL} listener taking
 * SCRAM-SHA-512 users, as Strimzi's TLS listener does: the manifests' Kafka security settings
 * (protocol, mechanism, JAAS config from the KafkaUser's Secret, the cluster CA as a PEM trust
 * store) are used as rendered, only the bootstrap address changes. The broker's certificate is
 * self-signed by the JDK's {@code keytool}; it is its own CA ({@link #caCertificate()}).
 */
final class SecureKafka implements AutoCloseable {

  private static final String STORE_PASSWORD = "learnpulse-test";

  private final KraftBroker broker;
  private final int saslPort;
  private final String caCertificate;

  private SecureKafka(KraftBroker broker, int saslPort, String caCertificate) {
    this.broker = broker;
    this.saslPort = saslPort;
    this.caCertificate = caCertificate;
  }

  /** Creates the broker's key and certificate under {@code dir} and starts the broker there. */
  static SecureKafka start(Path dir) {
    try {
      Files.createDirectories(dir);
      Path keystore = dir.resolve("broker.p12");
      Path certificate = dir.resolve("ca.crt");
      Files.deleteIfExists(keystore);
      keytool(
          dir,
          "-genkeypair",
          "-alias",
          "broker",
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-validity",
          "2",
          "-dname",
          "CN=127.0.0.1",
          "-ext",
          "SAN=ip:127.0.0.1,dns:localhost",
          "-storetype",
          "PKCS12",
          "-keystore",
          keystore.toString(),
          "-storepass",
          STORE_PASSWORD,
          "-keypass",
          STORE_PASSWORD);
      keytool(
          dir,
          "-exportcert",
          "-rfc",
          "-alias",
          "broker",
          "-keystore",
          keystore.toString(),
          "-storepass",
          STORE_PASSWORD,
          "-file",
          certificate.toString());

      int plain = FreePorts.pick();
      int controller = FreePorts.pick();
      int sasl = FreePorts.pick();
      String listener = "listener.name.sasl_ssl.";
      KraftBroker broker =
          KraftBroker.builder()
              .dataDir(dir.resolve("kafka"))
              .brokerPort(plain)
              .controllerPort(controller)
              .property(
                  "listeners",
                  "PLAINTEXT://127.0.0.1:"
                      + plain
                      + ",CONTROLLER://127.0.0.1:"
                      + controller
                      + ",SASL_SSL://127.0.0.1:"
                      + sasl)
              .property(
                  "advertised.listeners",
                  "PLAINTEXT://127.0.0.1:" + plain + ",SASL_SSL://127.0.0.1:" + sasl)
              .property(
                  "listener.security.protocol.map",
                  "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL")
              .property("sasl.enabled.mechanisms", "SCRAM-SHA-512")
              .property(
                  listener + "scram-sha-512.sasl.jaas.config",
                  "org.apache.kafka.common.security.scram.ScramLoginModule required;")
              .property(listener + "ssl.keystore.type", "PKCS12")
              .property(listener + "ssl.keystore.location", keystore.toString())
              .property(listener + "ssl.keystore.password", STORE_PASSWORD)
              .property(listener + "ssl.key.password", STORE_PASSWORD)
              .build()
              .start();
      return new SecureKafka(broker, sasl, Files.readString(certificate));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void keytool(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    DeployFixtures.Result result = DeployFixtures.run(dir, command);
    assertThat(result.exitCode()).as("keytool %s: %s", args[0], result.output()).isZero();
  }

  /** The plain listener ({@code PLAINTEXT}, no users): Compose's broker and the test's admin. */
  String plainBootstrap() {
    return broker.bootstrapServers();
  }

  /** The {@code SASL_SSL} listener. */
  String saslBootstrap() {
    return "127.0.0.1:" + saslPort;
  }

  /** The PEM certificate clients trust the {@code SASL_SSL} listener with. */
  String caCertificate() {
    return caCertificate;
  }

  /** Creates (or changes) a SCRAM-SHA-512 user and waits until the broker knows it. */
  void addScramUser(String user, String password) {
    try (Admin admin = admin()) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
          .all()
          .get(30, TimeUnit.SECONDS);
      Awaitility.await("SCRAM user " + user)
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  admin
                      .describeUserScramCredentials(List.of(user))
                      .all()
                      .get(10, TimeUnit.SECONDS)
                      .containsKey(user));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create SCRAM user " + user, e);
    }
  }

  /** Creates those of {@code topics} that do not exist yet. */
  void createTopics(Collection<NewTopic> topics) {
    try (Admin admin = admin()) {
      for (var created : admin.createTopics(topics).values().entrySet()) {
        try {
          created.getValue().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + created.getKey(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("topics not created within 60 s", e);
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plainBootstrap()));
  }

  @Override
  public void close() {
    broker.close();
  }
}
