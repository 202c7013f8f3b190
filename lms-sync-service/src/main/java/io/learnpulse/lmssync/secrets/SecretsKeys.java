package io.learnpulse.lmssync.secrets;

import io.learnpulse.lmssync.LmsSyncProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the key that encrypts secrets at rest comes from, in order: {@code secrets-key} (base64 of
 * 32 bytes), the file {@value #FILE_NAME} next to {@code signing-key-file} (created with a new key
 * when missing), or a key generated in memory at start (development only).
 */
final class SecretsKeys {

  /** Name of the key file kept in the directory of the signing key file. */
  static final String FILE_NAME = "lms-sync-secrets.key";

  private static final Logger log = LoggerFactory.getLogger(SecretsKeys.class);
  private static final int KEY_BYTES = 32;

  private SecretsKeys() {}

  static SecretKey load(LmsSyncProperties properties) {
    return load(properties.secretsKey(), properties.signingKeyFile());
  }

  static SecretKey load(String configured, Path signingKeyFile) {
    if (configured != null && !configured.isBlank()) {
      return decode(configured, "learnpulse.lms-sync.secrets-key");
    }
    if (signingKeyFile != null) {
      return fromFile(signingKeyFile.toAbsolutePath().resolveSibling(FILE_NAME));
    }
    log.warn(
        "Neither learnpulse.lms-sync.secrets-key nor signing-key-file is set: generated a"
            + " throw-away key for secrets at rest. Development only: tenants' LRS passwords"
            + " stored now cannot be read after a restart or by other replicas.");
    return new SecretKeySpec(generate(), "AES");
  }

  private static SecretKey fromFile(Path file) {
    try {
      if (Files.exists(file)) {
        return decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
      }
      byte[] key = generate();
      Path parent = file.getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, ".secrets-key", ".tmp");
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        log.debug("cannot restrict permissions of {} on this file system", temp);
      }
      Files.writeString(
          temp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      log.info("generated a new key for secrets at rest in {}", file);
      return new SecretKeySpec(key, "AES");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the secrets key file " + file, e);
    }
  }

  private static SecretKey decode(String base64, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(source + " is not base64", e);
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalStateException(
          source + " must hold " + KEY_BYTES + " bytes (base64), not " + key.length);
    }
    return new SecretKeySpec(key, "AES");
  }

  private static byte[] generate() {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
