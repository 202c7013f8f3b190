package io.learnpulse.lmssync.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.learnpulse.lmssync.LmsSyncProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the token signing key comes from, in order: {@code signing-key-pem} (PKCS#8 PEM), {@code
 * signing-key-file} (a JWK JSON file, created with a new key when missing), or a key generated in
 * memory at start (development only).
 */
final class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
  private static final int MIN_BITS = 2048;

  private SigningKeys() {}

  static RSAKey load(LmsSyncProperties properties) {
    String pem = properties.signingKeyPem();
    if (pem != null && !pem.isBlank()) {
      return fromPem(pem, properties.signingKeyId());
    }
    Path file = properties.signingKeyFile();
    if (file != null) {
      return fromFile(file, properties.signingKeyId());
    }
    log.warn(
        "Neither learnpulse.lms-sync.signing-key-pem nor signing-key-file is set: generated a"
            + " throw-away RSA key. Development only: tokens die with this process and replicas"
            + " do not share the key.");
    return generate(properties.signingKeyId());
  }

  private static RSAKey fromFile(Path file, String keyId) {
    try {
      if (Files.exists(file)) {
        RSAKey key = RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (!key.isPrivate() || key.size() < MIN_BITS) {
          throw new IllegalStateException(
              file + " must hold a private RSA key of 2048 bits or more");
        }
        return key;
      }
      RSAKey key = generate(keyId);
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, ".signing-key", ".json");
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        log.debug("cannot restrict permissions of {} on this file system", temp);
      }
      Files.writeString(temp, key.toJSONString(), StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      log.info("generated a new token signing key in {}", file);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the signing key file " + file, e);
    } catch (ParseException e) {
      throw new IllegalStateException(file + " is not a JSON Web Key", e);
    }
  }

  private static RSAKey generate(String keyId) {
    try {
      return new RSAKeyGenerator(MIN_BITS)
          .keyID(keyId)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }

  private static RSAKey fromPem(String pem, String keyId) {
    try {
      String base64 =
          pem.replace("-----BEGIN PRIVATE KEY-----", "")
              .replace("-----END PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      RSAPrivateCrtKey priv =
          (RSAPrivateCrtKey)
              rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      if (priv.getModulus().bitLength() < MIN_BITS) {
        throw new IllegalStateException("the token signing key must have at least 2048 bits");
      }
      RSAPublicKey pub =
          (RSAPublicKey)
              rsa.generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
      return new RSAKey.Builder(pub)
          .privateKey(priv)
          .keyID(keyId)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .build();
    } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "learnpulse.lms-sync.signing-key-pem is not a PKCS#8 RSA private key", e);
    }
  }
}
