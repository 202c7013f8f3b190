package io.learnpulse.schemas.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundUrlPolicyTest {

  private final OutboundUrlPolicy policy = OutboundUrlPolicy.publicOnly();

  /** The probes of issue 10 and their relatives in other notations. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:9084/actuator/xapi",
        "http://localhost:55432/xapi",
        "http://LOCALHOST./xapi",
        "http://[::1]/xapi",
        "http://[::ffff:127.0.0.1]/xapi",
        "http://[fe80::1]/xapi",
        "http://[fd00::1]/xapi",
        "http://2130706433/xapi",
        "http://0x7f000001/xapi",
        "http://0177.0.0.1/xapi",
        "http://127.1/xapi",
        "http://0/xapi",
        "http://10.0.0.5/xapi",
        "http://172.20.1.1/xapi",
        "http://192.168.1.1/xapi",
        "http://100.64.0.1/xapi",
        "http://224.0.0.1/xapi",
        "http://xapi-emitter:9084/actuator/xapi",
        "http://lms-sync.learnpulse.svc.cluster.local/v1",
        "http://metadata.google.internal/computeMetadata/v1/",
        "ftp://lrs.example.com/xapi",
        "http:///xapi"
      })
  void refusesInternalAddresses(String url) {
    assertThat(policy.problem(url)).as(url).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://lrs.example.com/xapi/",
        "http://93.184.216.34:8080/xapi",
        "https://[2606:4700::1111]/xapi"
      })
  void allowsPublicHosts(String url) {
    assertThat(policy.problem(url)).as(url).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:55432/xapi", "http://lrs.corp.internal/xapi"})
  void anAllowListAdmitsOnPremisesHosts(String url) {
    OutboundUrlPolicy allowing =
        OutboundUrlPolicy.allowing(List.of("127.0.0.1:55432", "LRS.corp.internal"));

    assertThat(allowing.problem(url)).isEmpty();
    assertThat(allowing.problem("http://127.0.0.1:9084/actuator/xapi")).isPresent();
  }
}
