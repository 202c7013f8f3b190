package io.learnpulse.lmssync.secrets;

import io.learnpulse.lmssync.LmsSyncProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets stored in PostgreSQL with AES-256-GCM under the key of {@link SecretsKeys}.
 * Stored form: a version byte ({@code 1}), the 12-byte nonce, then ciphertext and 16-byte tag. The
 * caller's {@code context} (for instance the tenant and the field) is authenticated as associated
 * data, so a value copied to another row does not decrypt.
 */
@Component
public class SecretsCipher {

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  @Autowired
  SecretsCipher(LmsSyncProperties properties) {
    this(SecretsKeys.load(properties));
  }

  SecretsCipher(SecretKey key) {
    this.key = key;
  }

  /** {@code secret} encrypted, bound to {@code context}. */
  public byte[] encrypt(String secret, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
          .put(VERSION)
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt a secret", e);
    }
  }

  /**
   * The secret {@link #encrypt} sealed with {@code context}.
   *
   * @throws UndecryptableSecretException when it was sealed under another key or context, or is
   *     damaged
   */
  public String decrypt(byte[] stored, String context) {
    if (stored == null || stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
      throw new UndecryptableSecretException("not a stored secret of version " + VERSION);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new UndecryptableSecretException(
          "the secret was encrypted under another key (learnpulse.lms-sync.secrets-key) or is"
              + " damaged");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot decrypt a secret", e);
    }
  }

  /** A stored secret that the current key cannot open. */
  public static final class UndecryptableSecretException extends RuntimeException {
    UndecryptableSecretException(String message) {
      super(message);
    }
  }
}
