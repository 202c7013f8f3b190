package io.learnpulse.lmssync.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsCipherTest {

  @TempDir Path dir;

  @Test
  void roundTripsUnderTheSameKeyAndContextOnly() {
    SecretsCipher cipher = new SecretsCipher(SecretsKeys.load(null, null));
    byte[] sealed = cipher.encrypt("s3cret-é", "tenant_lrs.password:acme");

    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("s3cret");
    assertThat(cipher.decrypt(sealed, "tenant_lrs.password:acme")).isEqualTo("s3cret-é");
    assertThat(cipher.encrypt("s3cret-é", "tenant_lrs.password:acme")).isNotEqualTo(sealed);
    assertThatThrownBy(() -> cipher.decrypt(sealed, "tenant_lrs.password:globex"))
        .isInstanceOf(SecretsCipher.UndecryptableSecretException.class);
    assertThatThrownBy(() -> new SecretsCipher(SecretsKeys.load(null, null)).decrypt(sealed, "x"))
        .isInstanceOf(SecretsCipher.UndecryptableSecretException.class);
  }

  @Test
  void keyFileNextToTheSigningKeyIsCreatedOnceAndReused() throws Exception {
    Path signingKey = dir.resolve("data").resolve("lms-sync-signing-key.json");
    byte[] sealed = new SecretsCipher(SecretsKeys.load(null, signingKey)).encrypt("pw", "context");
    Path keyFile = dir.resolve("data").resolve(SecretsKeys.FILE_NAME);

    assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip())).hasSize(32);
    assertThat(new SecretsCipher(SecretsKeys.load(null, signingKey)).decrypt(sealed, "context"))
        .isEqualTo("pw");
    String configured = Files.readString(keyFile);
    assertThat(new SecretsCipher(SecretsKeys.load(configured, null)).decrypt(sealed, "context"))
        .isEqualTo("pw");
  }

  @Test
  void refusesAConfiguredKeyOfTheWrongSize() {
    String short16 = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> SecretsKeys.load(short16, null))
        .hasMessageContaining("must hold 32 bytes");
    assertThatThrownBy(() -> SecretsKeys.load("not base64!", null))
        .hasMessageContaining("not base64");
  }
}
