package io.learnpulse.console;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /console/config.json}: the issuer, client id and scope the console signs in with. The
 * issuer defaults to the admin API's own ({@code learnpulse.lms-sync.admin.issuer-uri}), so one
 * setting configures both.
 */
@RestController
class ConsoleConfigController {

  private final ConsoleProperties properties;
  private final Environment environment;

  ConsoleConfigController(ConsoleProperties properties, Environment environment) {
    this.properties = properties;
    this.environment = environment;
  }

  @GetMapping(path = "/console/config.json", produces = "application/json")
  ResponseEntity<Map<String, String>> config() {
    String issuer =
        properties.issuerUri() != null && !properties.issuerUri().isBlank()
            ? properties.issuerUri()
            : environment.getProperty("learnpulse.lms-sync.admin.issuer-uri", "");
    Map<String, String> body = new LinkedHashMap<>();
    body.put("issuer", issuer);
    body.put("clientId", properties.clientId());
    body.put("scope", properties.scope());
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
  }
}
