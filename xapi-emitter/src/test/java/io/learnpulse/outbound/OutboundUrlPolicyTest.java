package io.learnpulse.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which LRS URLs the outbound policy refuses, as written and once resolved. */
class OutboundUrlPolicyTest {

  /** Names resolved from a table, so the test needs no DNS; anything else is unknown. */
  private static OutboundUrlPolicy policy(List<String> allow, Map<String, String> dns) {
    return new OutboundUrlPolicy(
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
              "v6.example.com", "2001:db8::1"));

  @Test
  void refusesInternalAddressesAsWritten() {
    for (String url :
        List.of(
            "http://169.254.169.254/latest/meta-data",
            "http://127.0.0.1:9084/actuator/xapi",
            "http://127.1.2.3/xAPI",
            "http://localhost:55432/",
            "http://LOCALHOST./xAPI",
            "http://api.localhost/xAPI",
            "http://[::1]/xAPI",
            "http://[::]/xAPI",
            "http://0.0.0.0/xAPI",
            "http://[::ffff:127.0.0.1]/xAPI",
            "http://[::ffff:a9fe:a9fe]/xAPI",
            "http://[fe80::1]/xAPI",
            "http://[fd12:3456::1]/xAPI",
            "http://[ff02::1]/xAPI",
            "http://10.0.0.5/xAPI",
            "http://172.16.0.1/xAPI",
            "http://172.31.255.255/xAPI",
            "http://192.168.1.1/xAPI",
            "http://100.64.0.1/xAPI",
            "http://224.0.0.1/xAPI",
            "http://255.255.255.255/xAPI",
            "http://2130706433/xAPI",
            "http://0x7f.1/xAPI",
            "http://0x7f000001/xAPI",
            "http://017700000001/xAPI",
            "http://0177.0.0.1/xAPI",
            "http://127.1/xAPI",
            "http://lms-sync-service:8083/v1/internal",
            "http://lms-sync-service.learnpulse.svc/v1",
            "http://kafka.learnpulse.svc.cluster.local:9092/",
            "http://metadata.google.internal/",
            "ftp://lrs.example.com/xAPI",
            "http://user:pw@lrs.example.com/xAPI")) {
      assertThatThrownBy(() -> STRICT.checkSyntax(URI.create(url)))
          .as(url)
          .isInstanceOf(OutboundUrlPolicy.RefusedException.class);
    }
  }

  @Test
  void acceptsPublicAddressesAndNames() throws Exception {
    assertThatCode(() -> STRICT.checkSyntax(URI.create("https://lrs.example.com/xAPI")))
        .doesNotThrowAnyException();
    assertThatCode(() -> STRICT.checkSyntax(URI.create("https://93.184.216.34/xAPI")))
        .doesNotThrowAnyException();
    assertThatCode(() -> STRICT.checkSyntax(URI.create("https://172.32.0.1/xAPI")))
        .doesNotThrowAnyException();
    assertThat(STRICT.checkResolved(URI.create("https://lrs.example.com/xAPI")))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("93.184.216.34");
  }

  @Test
  void refusesANameThatResolvesInward() {
    assertThatThrownBy(() -> STRICT.checkResolved(URI.create("https://rebind.example.com/xAPI")))
        .isInstanceOf(OutboundUrlPolicy.RefusedException.class)
        .hasMessageContaining("169.254.169.254")
        .hasMessageContaining("link-local");
    assertThatThrownBy(() -> STRICT.checkResolved(URI.create("https://inside.example.com/xAPI")))
        .hasMessageContaining("10.1.2.3");
    assertThatThrownBy(() -> STRICT.checkResolved(URI.create("https://nowhere.example.com/x")))
        .hasMessageContaining("cannot resolve");
  }

  @Test
  void theAllowListAdmitsOnPremisesRangesAndHosts() throws Exception {
    OutboundUrlPolicy onPrem =
        policy(
            List.of("10.1.0.0/16", "127.0.0.1", " lrs.corp.local "),
            Map.of("inside.example.com", "10.1.2.3", "lrs.corp.local", "192.168.7.7"));

    assertThat(onPrem.checkResolved(URI.create("https://inside.example.com/xAPI"))).hasSize(1);
    assertThat(onPrem.checkResolved(URI.create("http://127.0.0.1:8080/xAPI"))).hasSize(1);
    assertThat(onPrem.checkResolved(URI.create("https://lrs.corp.local/xAPI"))).hasSize(1);
    assertThatThrownBy(() -> onPrem.checkResolved(URI.create("http://127.0.0.2/xAPI")))
        .isInstanceOf(OutboundUrlPolicy.RefusedException.class);
    assertThatThrownBy(() -> onPrem.checkResolved(URI.create("http://10.2.0.1/xAPI")))
        .isInstanceOf(OutboundUrlPolicy.RefusedException.class);
  }

  @Test
  void aMalformedAllowListEntryFailsAtOnce() {
    assertThatThrownBy(() -> new OutboundUrlPolicy(List.of("10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OutboundUrlPolicy(List.of("banana/8")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
