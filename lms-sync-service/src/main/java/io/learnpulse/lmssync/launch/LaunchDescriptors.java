package io.learnpulse.lmssync.launch;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.learnpulse.lmssync.admin.Tenant;
import io.learnpulse.lmssync.admin.TenantStore;
import io.learnpulse.lmssync.scorm.ScormVersion;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Signs and verifies launch descriptors: HS256 JWS with the signing tenant's id as {@code kid} and
 * type {@code lp-descriptor+jwt}. A descriptor is accepted only when its {@code kid} names a known
 * tenant, its MAC verifies with that tenant's secret (else 401), and it speaks for that same tenant
 * (else 403).
 */
@Component
public class LaunchDescriptors {

  /** JOSE type of descriptors, so a descriptor is never mistaken for another JWT. */
  public static final JOSEObjectType TYPE = new JOSEObjectType("lp-descriptor+jwt");

  private final TenantStore tenants;
  private final Clock clock;

  LaunchDescriptors(TenantStore tenants, Clock clock) {
    this.tenants = tenants;
    this.clock = clock;
  }

  /** The signed descriptor. */
  public String sign(Tenant tenant, LaunchDescriptor descriptor) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .claim("tid", descriptor.tenantId())
            .claim("aid", descriptor.assignmentId())
            .claim("top", descriptor.topicId())
            .claim("ver", descriptor.scormVersion().name())
            .issueTime(Date.from(clock.instant()))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).type(TYPE).keyID(tenant.id()).build(),
            claims);
    try {
      jwt.sign(new MACSigner(tenant.descriptorSecret()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a descriptor for tenant " + tenant.id(), e);
    }
    return jwt.serialize();
  }

  /**
   * The verified descriptor.
   *
   * @throws ResponseStatusException 401 when it is malformed, of an unknown tenant or its signature
   *     does not verify; 403 when a tenant signed it for another tenant
   */
  public LaunchDescriptor verify(String compact) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(compact);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      throw unauthorized("malformed launch descriptor");
    }
    JWSHeader header = jwt.getHeader();
    if (!JWSAlgorithm.HS256.equals(header.getAlgorithm()) || !TYPE.equals(header.getType())) {
      throw unauthorized("not a launch descriptor");
    }
    Tenant signer =
        Optional.ofNullable(header.getKeyID())
            .flatMap(tenants::find)
            .orElseThrow(() -> unauthorized("launch descriptor of an unknown tenant"));
    try {
      if (!jwt.verify(new MACVerifier(signer.descriptorSecret()))) {
        throw unauthorized("launch descriptor signature does not verify");
      }
    } catch (JOSEException e) {
      throw unauthorized("launch descriptor signature does not verify");
    }
    String tenantId = stringClaim(claims, "tid");
    if (!signer.id().equals(tenantId)) {
      throw new ResponseStatusException(
          HttpStatus.FORBIDDEN, "launch descriptor signed by one tenant for another");
    }
    ScormVersion version;
    try {
      version = ScormVersion.valueOf(stringClaim(claims, "ver"));
    } catch (IllegalArgumentException e) {
      throw unauthorized("launch descriptor names an unknown SCORM version");
    }
    return new LaunchDescriptor(
        tenantId, stringClaim(claims, "aid"), stringClaim(claims, "top"), version);
  }

  private static String stringClaim(JWTClaimsSet claims, String name) {
    try {
      String value = claims.getStringClaim(name);
      if (value == null || value.isBlank()) {
        throw unauthorized("launch descriptor lacks " + name);
      }
      return value;
    } catch (ParseException e) {
      throw unauthorized("launch descriptor claim " + name + " is not a string");
    }
  }

  private static ResponseStatusException unauthorized(String why) {
    return new ResponseStatusException(HttpStatus.UNAUTHORIZED, why);
  }
}
