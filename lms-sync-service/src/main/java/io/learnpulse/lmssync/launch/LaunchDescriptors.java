package io.learnpulse.lmssync.launch;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.learnpulse.lmssync.assignment.AssignmentService;
import io.learnpulse.lmssync.assignment.CohortService;
import io.learnpulse.lmssync.error.ForbiddenException;
import io.learnpulse.lmssync.error.NotFoundException;
import io.learnpulse.lmssync.error.RevokedException;
import io.learnpulse.lmssync.error.UnauthenticatedException;
import io.learnpulse.lmssync.scorm.ScormVersion;
import io.learnpulse.lmssync.tenant.Tenant;
import io.learnpulse.lmssync.tenant.TenantStore;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

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
  private final AssignmentService assignments;
  private final CohortService cohorts;
  private final IssuedDescriptors issued;
  private final Clock clock;

  LaunchDescriptors(
      TenantStore tenants,
      AssignmentService assignments,
      CohortService cohorts,
      IssuedDescriptors issued,
      Clock clock) {
    this.tenants = tenants;
    this.assignments = assignments;
    this.cohorts = cohorts;
    this.issued = issued;
    this.clock = clock;
  }

  /**
   * A freshly signed descriptor for a topic of one of the tenant's assignments, or for a topic
   * package (no assignment) of a topic some assignment of the tenant has: the one look-up behind
   * the descriptor endpoints and the package downloads.
   *
   * @throws NotFoundException when the tenant, the tenant's assignment or the topic in it is
   *     unknown
   */
  public String issue(LaunchDescriptor descriptor) {
    return issue(descriptor, null, null);
  }

  /**
   * As {@link #issue(LaunchDescriptor)}, recorded with an optional expiry and registration cap
   * (launch control, ADR 0019).
   */
  @org.springframework.transaction.annotation.Transactional
  public String issue(LaunchDescriptor descriptor, Instant expiresAt, Integer maxRegistrations) {
    Tenant tenant =
        tenants
            .find(descriptor.tenantId())
            .orElseThrow(() -> new NotFoundException("unknown tenant " + descriptor.tenantId()));
    if (descriptor.topicPackage()) {
      if (!cohorts.topicAssigned(descriptor.tenantId(), descriptor.topicId())) {
        throw new NotFoundException(
            "no assignment of tenant "
                + descriptor.tenantId()
                + " has topic "
                + descriptor.topicId());
      }
      return signAndRecord(tenant, descriptor, expiresAt, maxRegistrations);
    }
    boolean hasTopic =
        assignments
            .find(descriptor.assignmentId())
            .filter(a -> a.tenantId().equals(descriptor.tenantId()))
            .orElseThrow(
                () -> new NotFoundException("unknown assignment " + descriptor.assignmentId()))
            .policy()
            .hasTopic(descriptor.topicId());
    if (!hasTopic) {
      throw new NotFoundException(
          "topic " + descriptor.topicId() + " is not in assignment " + descriptor.assignmentId());
    }
    return signAndRecord(tenant, descriptor, expiresAt, maxRegistrations);
  }

  private String signAndRecord(
      Tenant tenant, LaunchDescriptor descriptor, Instant expiresAt, Integer maxRegistrations) {
    UUID id = UUID.randomUUID();
    issued.record(id, descriptor, expiresAt, maxRegistrations);
    return sign(tenant, descriptor, id, expiresAt);
  }

  /** The signed descriptor. */
  String sign(Tenant tenant, LaunchDescriptor descriptor, UUID id, Instant expiresAt) {
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .claim("tid", descriptor.tenantId())
            .claim("top", descriptor.topicId())
            .claim("ver", descriptor.scormVersion().name())
            .issueTime(Date.from(clock.instant()))
            .jwtID(id.toString());
    if (expiresAt != null) {
      builder.expirationTime(Date.from(expiresAt));
    }
    if (!descriptor.topicPackage()) {
      // a topic package carries no aid: the learner's cohort decides at launch
      builder.claim("aid", descriptor.assignmentId());
    }
    JWTClaimsSet claims = builder.build();
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
   * @throws UnauthenticatedException when it is malformed, of an unknown tenant or its signature
   *     does not verify
   * @throws ForbiddenException when a tenant signed it for another tenant
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
    if (!verifies(jwt, signer.descriptorSecret())) {
      if (tenants.retiredDescriptorSecrets(signer.id()).stream().anyMatch(s -> verifies(jwt, s))) {
        throw new RevokedException(
            "this package was signed with a key the tenant's administrator rotated out");
      }
      throw unauthorized("launch descriptor signature does not verify");
    }
    String tenantId = stringClaim(claims, "tid");
    if (!signer.id().equals(tenantId)) {
      throw new ForbiddenException("launch descriptor signed by one tenant for another");
    }
    ScormVersion version;
    try {
      version = ScormVersion.valueOf(stringClaim(claims, "ver"));
    } catch (IllegalArgumentException e) {
      throw unauthorized("launch descriptor names an unknown SCORM version");
    }
    String assignmentId = claims.getClaim("aid") == null ? null : stringClaim(claims, "aid");
    if (claims.getExpirationTime() != null
        && !clock.instant().isBefore(claims.getExpirationTime().toInstant())) {
      throw new RevokedException(
          "this package expired at " + claims.getExpirationTime().toInstant());
    }
    return new LaunchDescriptor(
        tenantId, assignmentId, stringClaim(claims, "top"), version, descriptorId(claims));
  }

  private static boolean verifies(SignedJWT jwt, byte[] secret) {
    try {
      return jwt.verify(new MACVerifier(secret));
    } catch (JOSEException e) {
      return false;
    }
  }

  /** The descriptor id, or null for one without a UUID {@code jti} (never recorded). */
  private static UUID descriptorId(JWTClaimsSet claims) {
    try {
      return claims.getJWTID() == null ? null : UUID.fromString(claims.getJWTID());
    } catch (IllegalArgumentException e) {
      return null;
    }
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

  private static UnauthenticatedException unauthorized(String why) {
    return new UnauthenticatedException(why);
  }
}
