package io.learnpulse.xapi.statement;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How one tenant's learners appear in statements: an account on the tenant's home page, named by
 * the learner id or, when the tenant has a pseudonym key, by a per-tenant pseudonym (hex
 * HMAC-SHA-256 of the learner id) that the LRS cannot link back to the LMS identity.
 *
 * @param tenantId the tenant
 * @param homePage the account home page (the tenant's LMS or portal address)
 * @param pseudonymKey secret key of the pseudonyms, if the tenant wants them
 */
public record TenantProfile(String tenantId, URI homePage, Optional<byte[]> pseudonymKey) {

  /** Validates the profile. */
  public TenantProfile {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(homePage, "homePage");
    Objects.requireNonNull(pseudonymKey, "pseudonymKey");
    if (!homePage.isAbsolute()) {
      throw new IllegalArgumentException(tenantId + ": the home page must be an absolute IRL");
    }
    pseudonymKey.ifPresent(
        key -> {
          if (key.length < 16) {
            throw new IllegalArgumentException(tenantId + ": pseudonym key under 16 bytes");
          }
        });
  }

  /** A profile naming learners by their learner id. */
  public static TenantProfile plain(String tenantId, URI homePage) {
    return new TenantProfile(tenantId, homePage, Optional.empty());
  }

  /** The account name of {@code learnerId} for this tenant. */
  public String accountName(String learnerId) {
    if (pseudonymKey.isEmpty()) {
      return learnerId;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(pseudonymKey.get(), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(learnerId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "TenantProfile["
        + tenantId
        + ", "
        + homePage
        + ", pseudonyms="
        + pseudonymKey.isPresent()
        + "]";
  }
}
