package io.learnpulse.schemas.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which tenant URLs the outbound policy refuses, as written (at save) and once resolved. */
class OutboundUrlPolicyTest {

  /** Names resolved from a table, so the test needs no DNS; anything else is unknown. */
  private static OutboundUrlPolicy policy(List<String> allow, Map<String, String> dns) {
    return OutboundUrlPolicy.allowing(
        allow,
        host -> {
          String address = dns.get(host);
          if (address == null) {
            throw new UnknownHostException(host);
          }
          return new InetAddress[] {InetAddress.getByName(address)};
        });
  }

  private static final OutboundUrlPolicy STRICT =
      policy(
          List.of(),
          Map.of(
              "lrs.example.com", "93.184.216.34",
              "rebind.example.com", "169.254.169.254",
              "inside.example.com", "10.1.2.3",
              "mapped.example.com", "::ffff:127.0.0.1"));

  /** The probes of issue 10 and their relatives in other notations. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:9084/actuator/xapi",
        "http://127.1.2.3/xAPI",
        "http://localhost:55432/xapi",
        "http://LOCALHOST./xapi",
        "http://api.localhost/xAPI",
        "http://[::1]/xapi",
        "http://[::]/xAPI",
        "http://0.0.0.0/xAPI",
        "http://[::ffff:127.0.0.1]/xapi",
        "http://[::ffff:a9fe:a9fe]/xAPI",
        "http://[fe80::1]/xapi",
        "http://[fd00::1]/xapi",
        "http://[ff02::1]/xAPI",
        "http://[64:ff9b::a00:1]/xAPI",
        "http://2130706433/xapi",
        "http://0x7f000001/xapi",
        "http://0x7f.1/xAPI",
        "http://017700000001/xAPI",
        "http://0177.0.0.1/xapi",
        "http://127.1/xapi",
        "http://0/xapi",
        "http://134744072/xAPI",
        "http://10.0.0.5/xapi",
        "http://172.16.0.1/xAPI",
        "http://172.20.1.1/xapi",
        "http://172.31.255.255/xAPI",
        "http://192.168.1.1/xapi",
        "http://100.64.0.1/xapi",
        "http://224.0.0.1/xapi",
        "http://255.255.255.255/xAPI",
        "http://xapi-emitter:9084/actuator/xapi",
        "http://lms-sync-service.learnpulse.svc/v1",
        "http://lms-sync.learnpulse.svc.cluster.local/v1",
        "http://kafka.learnpulse.svc.cluster.local:9092/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://printer.localdomain/",
        "ftp://lrs.example.com/xapi",
        "http://user:pw@lrs.example.com/xAPI",
        "http:///xapi",
        "not a url"
      })
  void refusesInternalAddressesAsWrittenAtSaveAndAtConnect(String url) {
    assertThat(STRICT.problem(url)).as(url).isPresent();
    if (!url.contains(" ")) {
      assertThatThrownBy(() -> STRICT.checkResolved(URI.create(url)))
          .as(url)
          .isInstanceOf(OutboundUrlPolicy.RefusedException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://lrs.example.com/xapi/",
        "http://93.184.216.34:8080/xapi",
        "https://172.32.0.1/xAPI",
        "https://[2606:4700::1111]/xapi"
      })
  void allowsPublicHosts(String url) {
    assertThat(STRICT.problem(url)).as(url).isEmpty();
  }

  @Test
  void aNameIsJudgedByTheAddressesItResolvesTo() throws Exception {
    assertThat(STRICT.checkResolved(URI.create("https://lrs.example.com/xAPI")))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("93.184.216.34");
    assertThatThrownBy(() -> STRICT.checkResolved(URI.create("https://rebind.example.com/xAPI")))
        .isInstanceOf(OutboundUrlPolicy.RefusedException.class)
        .hasMessageContaining("169.254.169.254")
        .hasMessageContaining("link-local");
    assertThatThrownBy(() -> STRICT.checkResolved(URI.create("https://inside.example.com/xAPI")))
        .hasMessageContaining("10.1.2.3");
    assertThatThrownBy(() -> STRICT.checkResolved(URI.create("https://mapped.example.com/xAPI")))
        .hasMessageContaining("loopback");
    assertThatThrownBy(() -> STRICT.checkResolved(URI.create("https://nowhere.example.com/x")))
        .hasMessageContaining("cannot resolve");
  }

  @Test
  void theAllowListAdmitsOnPremisesRangesHostsAndHostPorts() throws Exception {
    OutboundUrlPolicy onPrem =
        policy(
            List.of("10.1.0.0/16", "127.0.0.1", " LRS.corp.local ", "127.0.0.2:55432", ""),
            Map.of("inside.example.com", "10.1.2.3", "lrs.corp.local", "192.168.7.7"));

    assertThat(onPrem.checkResolved(URI.create("https://inside.example.com/xAPI"))).hasSize(1);
    assertThat(onPrem.checkResolved(URI.create("http://127.0.0.1:8080/xAPI"))).hasSize(1);
    assertThat(onPrem.checkResolved(URI.create("https://lrs.corp.local/xAPI"))).hasSize(1);
    assertThat(onPrem.problem("https://lrs.corp.local/xAPI")).isEmpty();
    assertThat(onPrem.problem("http://127.0.0.2:55432/xapi")).isEmpty();
    assertThat(onPrem.problem("http://127.0.0.2:9084/actuator/xapi")).isPresent();
    assertThatThrownBy(() -> onPrem.checkResolved(URI.create("http://127.0.0.3/xAPI")))
        .isInstanceOf(OutboundUrlPolicy.RefusedException.class);
    assertThatThrownBy(() -> onPrem.checkResolved(URI.create("http://10.2.0.1/xAPI")))
        .isInstanceOf(OutboundUrlPolicy.RefusedException.class);
  }

  @Test
  void aMalformedAllowListEntryFailsAtOnce() {
    assertThatThrownBy(() -> OutboundUrlPolicy.allowing(List.of("10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OutboundUrlPolicy.allowing(List.of("banana/8")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusedIsTheRuleForSingleAddresses() throws Exception {
    assertThat(OutboundUrlPolicy.refused(InetAddress.getByName("169.254.169.254"))).isTrue();
    assertThat(OutboundUrlPolicy.refused(InetAddress.getByName("fd12::1"))).isTrue();
    assertThat(OutboundUrlPolicy.refused(InetAddress.getByName("93.184.216.34"))).isFalse();
  }
}
