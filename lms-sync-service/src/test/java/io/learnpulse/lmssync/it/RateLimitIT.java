package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Launch rate limits per tenant and per source address: 429 with Retry-After (ADR 0019). */
class RateLimitIT extends LmsSyncITSupport {

  @DynamicPropertySource
  static void smallLimits(DynamicPropertyRegistry registry) {
    registry.add("learnpulse.lms-sync.launch.per-tenant-burst", () -> "3");
    registry.add("learnpulse.lms-sync.launch.per-tenant-per-minute", () -> "1");
    registry.add("learnpulse.lms-sync.launch.per-source-burst", () -> "6");
    registry.add("learnpulse.lms-sync.launch.per-source-per-minute", () -> "1");
  }

  @Test
  void aTenantAndThenASourceOverTheirLimitsGet429WithRetryAfter() throws Exception {
    String busy = unique("busy");
    String other = unique("other");
    String busyAssignment = unique("a");
    tenantWithAssignment(busy, busyAssignment);
    String otherAssignment = unique("b");
    tenantWithAssignment(other, otherAssignment);
    String busyDescriptor = descriptor(busy, busyAssignment, "SCORM_12");
    String otherDescriptor = descriptor(other, otherAssignment, "SCORM_12");

    int[] busyStatuses = new int[4];
    for (int i = 0; i < 4; i++) {
      busyStatuses[i] = launch(busyDescriptor, "l-" + i).status();
    }
    HttpResponse<String> limited = rawLaunch(otherDescriptor, "x-0");
    HttpResponse<String> second = rawLaunch(otherDescriptor, "x-1");
    HttpResponse<String> sourceLimited = rawLaunch(otherDescriptor, "x-2");

    assertThat(busyStatuses).containsExactly(201, 201, 201, 429);
    assertThat(limited.statusCode())
        .as("another tenant is not limited by the busy one")
        .isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(sourceLimited.statusCode()).as("the source used its 6 tokens").isEqualTo(429);
    assertThat(sourceLimited.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(sourceLimited.body()).contains("rate-limited").contains("source");
    assertThat(Long.parseLong(sourceLimited.headers().firstValue("Retry-After").orElseThrow()))
        .isPositive();
    assertThat(
            jdbc.sql("select count(*) from registrations where tenant_id = :t")
                .param("t", busy)
                .query(Long.class)
                .single())
        .isEqualTo(3);
  }

  private HttpResponse<String> rawLaunch(String descriptor, String learner) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/launch"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        json.writeValueAsString(
                            Map.of(
                                "descriptor",
                                descriptor,
                                "learnerId",
                                learner,
                                "entry",
                                "ab-initio"))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
