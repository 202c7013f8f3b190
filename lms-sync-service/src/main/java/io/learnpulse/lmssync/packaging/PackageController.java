package io.learnpulse.lmssync.packaging;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.error.ForbiddenException;
import io.learnpulse.lmssync.launch.LaunchDescriptor;
import io.learnpulse.lmssync.launch.LaunchDescriptors;
import io.learnpulse.lmssync.scorm.ScormVersion;
import io.learnpulse.lmssync.security.AdminPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/admin/tenants/{tenantId}/assignments/{assignmentId}/topics/{topicId}/package
 * ?scormVersion=SCORM_12|SCORM_2004_3RD|SCORM_2004_4TH}: the SCORM package of one topic ({@link
 * ScormPackage}), with a freshly signed launch descriptor and {@code bridge.public-url}; and {@code
 * GET /v1/admin/tenants/{tenantId}/topics/{topicId}/package?scormVersion=…}: the one package of a
 * topic for every cohort, whose descriptor names no assignment (ADR 0019). Guarded like every
 * {@code /v1/admin/**} path.
 */
@RestController
class PackageController {

  /** Classpath location of the bridge script shipped in every package. */
  static final String BRIDGE_JS = "packaging/bridge.js";

  private final LaunchDescriptors descriptors;
  private final LmsSyncProperties properties;
  private final String bridgeJs;

  PackageController(LaunchDescriptors descriptors, LmsSyncProperties properties) {
    this.descriptors = descriptors;
    this.properties = properties;
    this.bridgeJs = bridgeJs();
  }

  @GetMapping("/v1/admin/tenants/{tenantId}/assignments/{assignmentId}/topics/{topicId}/package")
  ResponseEntity<byte[]> download(
      @PathVariable String tenantId,
      @PathVariable String assignmentId,
      @PathVariable String topicId,
      @RequestParam ScormVersion scormVersion,
      @AuthenticationPrincipal AdminPrincipal principal) {
    requireAdmin(principal, tenantId);
    String descriptor =
        descriptors.issue(new LaunchDescriptor(tenantId, assignmentId, topicId, scormVersion));
    ScormPackage scormPackage =
        new ScormPackage(
            scormVersion,
            tenantId,
            assignmentId,
            topicId,
            descriptor,
            properties.bridge().publicUrl(),
            bridgeJs);
    return zip(scormPackage);
  }

  /** Stands for the assignment in a topic package's file name, manifest id and title. */
  static final String TOPIC_PACKAGE_LABEL = "topic";

  @GetMapping("/v1/admin/tenants/{tenantId}/topics/{topicId}/package")
  ResponseEntity<byte[]> downloadTopic(
      @PathVariable String tenantId,
      @PathVariable String topicId,
      @RequestParam ScormVersion scormVersion,
      @AuthenticationPrincipal AdminPrincipal principal) {
    requireAdmin(principal, tenantId);
    String descriptor =
        descriptors.issue(new LaunchDescriptor(tenantId, null, topicId, scormVersion));
    return zip(
        new ScormPackage(
            scormVersion,
            tenantId,
            TOPIC_PACKAGE_LABEL,
            topicId,
            descriptor,
            properties.bridge().publicUrl(),
            bridgeJs));
  }

  /** A package holds a launch capability: analysts, who only read, may not take one. */
  private static void requireAdmin(AdminPrincipal principal, String tenantId) {
    if (principal == null || !principal.mayWrite(tenantId)) {
      throw new ForbiddenException("downloading a package needs the admin role of the tenant");
    }
  }

  private static ResponseEntity<byte[]> zip(ScormPackage scormPackage) {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/zip"))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(scormPackage.fileName()).build().toString())
        .body(scormPackage.zip());
  }

  /** The bridge script from the classpath. */
  static String bridgeJs() {
    try (InputStream in = new ClassPathResource(BRIDGE_JS).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("bridge.js is missing from the classpath", e);
    }
  }
}
