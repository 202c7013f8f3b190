package io.learnpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Test values for the Secrets the manifests read, each of the shape {@code
 * deploy/secrets/secret.example.yaml} documents (a PKCS#8 PEM RSA key, base64 of 32 bytes, a hex
 * token, a SCRAM JAAS line of a KafkaUser). One value per Secret key, the same for every container
 * that reads it. A key not documented there has no test value: the test fails naming it.
 */
final class TestSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Set<String>> documented;
  private final Set<String> kafkaUsers;
  private final SecureKafka kafka;
  private final Map<String, String> values = new HashMap<>();

  /**
   * @param documented Secret name → keys documented in secret.example.yaml
   * @param kafkaUsers the KafkaUsers of the rendered manifests (Strimzi writes a Secret per user)
   * @param kafka the broker in which a KafkaUser's SCRAM credentials are created
   */
  TestSecrets(Map<String, Set<String>> documented, Set<String> kafkaUsers, SecureKafka kafka) {
    this.documented = documented;
    this.kafkaUsers = kafkaUsers;
    this.kafka = kafka;
  }

  /** The documented Secrets of {@code secret.example.yaml}: name → keys. */
  static Map<String, Set<String>> documented(Iterable<JsonNode> secrets) {
    Map<String, Set<String>> documented = new HashMap<>();
    for (JsonNode secret : secrets) {
      Set<String> keys = new java.util.TreeSet<>();
      secret.path("stringData").fieldNames().forEachRemaining(keys::add);
      documented.put(secret.at("/metadata/name").asText(), keys);
    }
    return documented;
  }

  /** The value of {@code key} in Secret {@code secret}, generated on first use. */
  synchronized String value(String secret, String key) {
    String id = secret + "/" + key;
    String existing = values.get(id);
    if (existing != null) {
      return existing;
    }
    String value = generate(secret, key);
    values.put(id, value);
    return value;
  }

  private String generate(String secret, String key) {
    if (kafkaUsers.contains(secret)) {
      // Strimzi's KafkaUser Secret: password, and sasl.jaas.config with the user's name.
      String password = values.computeIfAbsent(secret + "/password", k -> hex(24));
      kafka.addScramUser(secret, password);
      return switch (key) {
        case "password" -> password;
        case "sasl.jaas.config" ->
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + secret
                + "\" password=\""
                + password
                + "\";";
        default -> throw new IllegalStateException("KafkaUser Secret " + secret + " has no " + key);
      };
    }
    if (!documented.getOrDefault(secret, Set.of()).contains(key)) {
      throw new IllegalStateException(
          "Secret " + secret + " key " + key + " is not in deploy/secrets/secret.example.yaml");
    }
    return switch (id(secret, key)) {
      case "lms-sync-db/username" -> "lp_" + hex(4);
      case "lms-sync-db/password", "learnpulse-internal-token/token" -> hex(32);
      case "lms-sync-signing-key/private-key.pem" -> rsaPkcs8Pem();
      case "lms-sync-signing-key/kid" -> "lms-sync-test-" + hex(2);
      case "lms-sync-secrets-key/secrets-key" -> base64(32);
      case "learnpulse-cluster-ca-cert/ca.crt" -> kafka.caCertificate();
      default ->
          throw new IllegalStateException(
              "no test value of the documented shape for Secret " + secret + " key " + key);
    };
  }

  private static String id(String secret, String key) {
    return secret + "/" + key;
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private static String base64(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return Base64.getEncoder().encodeToString(random);
  }

  private static String rsaPkcs8Pem() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
          + "\n-----END PRIVATE KEY-----\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
