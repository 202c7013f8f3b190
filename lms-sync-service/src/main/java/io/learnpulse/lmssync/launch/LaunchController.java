package io.learnpulse.lmssync.launch;

import io.learnpulse.lmssync.launch.LaunchService.LaunchRequest;
import io.learnpulse.lmssync.launch.LaunchService.LaunchResult;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/launch}: the bridge's first call (docs/contracts.md). */
@RestController
class LaunchController {

  private final LaunchService launches;

  LaunchController(LaunchService launches) {
    this.launches = launches;
  }

  /**
   * The launch body: the package's descriptor and what the bridge read from the LMS.
   *
   * @param descriptor signed launch descriptor embedded in the package
   * @param learnerId {@code cmi.core.student_id} / {@code cmi.learner_id}
   * @param learnerName {@code cmi.core.student_name} / {@code cmi.learner_name}
   * @param entry {@code cmi.core.entry} / {@code cmi.entry}
   * @param suspendData {@code cmi.suspend_data} as the LMS holds it
   * @param location {@code cmi.core.lesson_location} / {@code cmi.location}
   */
  record LaunchBody(
      @NotBlank @Size(max = 4096) String descriptor,
      @NotBlank @Size(max = 255) String learnerId,
      @Size(max = 255) String learnerName,
      @Pattern(regexp = "ab-initio|resume|") String entry,
      @Size(max = 64000) String suspendData,
      @Size(max = 1000) String location) {}

  @PostMapping("/v1/launch")
  @ResponseStatus(HttpStatus.CREATED)
  LaunchResult launch(
      @Valid @RequestBody LaunchBody body,
      @RequestHeader(name = "Origin", required = false) String origin,
      jakarta.servlet.http.HttpServletRequest http) {
    return launches.launch(
        new LaunchRequest(
            body.descriptor(),
            body.learnerId(),
            body.learnerName(),
            body.entry(),
            body.suspendData(),
            body.location(),
            origin,
            http.getRemoteAddr()));
  }
}
