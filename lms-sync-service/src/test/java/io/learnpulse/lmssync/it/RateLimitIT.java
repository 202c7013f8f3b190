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

  /**
   * Behind the Ingress every launch arrives from the ingress controller's address: the source is
   * the client the trusted proxy names in {@code X-Forwarded-For}, so clients behind one proxy do
   * not share a bucket, and an address the client forged in front of the proxy's is ignored.
   */
  @Test
  void behindAProxyTheSourceIsTheClientItForwardsNotTheProxyNorAForgedAddress() throws Exception {
    String[] descriptors = new String[9];
    for (int i = 0; i < descriptors.length; i++) {
      String tenant = unique("proxied");
      String assignment = unique("p");
      tenantWithAssignment(tenant, assignment);
      descriptors[i] = descriptor(tenant, assignment, "SCORM_12");
    }

    int[] first = new int[7];
    for (int i = 0; i < first.length; i++) {
      first[i] = rawLaunch(descriptors[i], "c-" + i, "203.0.113.7").statusCode();
    }
    int neighbour = rawLaunch(descriptors[7], "n-0", "198.51.100.9").statusCode();
    int forged = rawLaunch(descriptors[8], "f-0", "198.51.100.10, 203.0.113.7").statusCode();

    assertThat(first)
        .as("one client's 6 tokens")
        .containsExactly(201, 201, 201, 201, 201, 201, 429);
    assertThat(neighbour).as("another client behind the same proxy").isEqualTo(201);
    assertThat(forged).as("the forged address in front of the proxy's is ignored").isEqualTo(429);
  }

  private HttpResponse<String> rawLaunch(String descriptor, String learner) throws Exception {
    return rawLaunch(descriptor, learner, null);
  }

  private HttpResponse<String> rawLaunch(String descriptor, String learner, String forwardedFor)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/launch"));
    if (forwardedFor != null) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    return HttpClient.newHttpClient()
        .send(
            request
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
