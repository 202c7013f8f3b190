package io.learnpulse.schemas.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which URLs a service may call on a tenant's behalf (a tenant's LRS endpoint): only public {@code
 * http}/{@code https} hosts. Loopback, link-local (cloud metadata), private, carrier-grade NAT,
 * unspecified, multicast and reserved addresses are refused, whatever notation names them (IPv4 as
 * one decimal, hex or octal number or short form, IPv6 literals, IPv4-mapped IPv6), and so are host
 * names that can only mean something inside the cluster ({@code localhost}, single-label names,
 * {@code .local}, {@code .internal}, {@code .svc}, {@code .cluster.local}). An explicit allow-list
 * (host or host:port, e.g. an on-premises LRS) overrides the refusal.
 *
 * <p>{@link #problem(String)} checks a URL as written (at save, without DNS). A name can still
 * resolve to a refused address, so a client also checks the addresses it connects to with {@link
 * #refused(InetAddress)}. Plain Java, no dependencies.
 */
public final class OutboundUrlPolicy {

  private static final Set<String> INTERNAL_SUFFIXES =
      Set.of(".localhost", ".local", ".internal", ".svc", ".cluster.local", ".localdomain");

  private final Set<String> allowed;

  private OutboundUrlPolicy(Set<String> allowed) {
    this.allowed = allowed;
  }

  /**
   * A policy allowing, besides public hosts, the given hosts or host:port pairs (case-insensitive,
   * IPv6 in brackets).
   */
  public static OutboundUrlPolicy allowing(Collection<String> allowedHosts) {
    return new OutboundUrlPolicy(
        allowedHosts == null
            ? Set.of()
            : allowedHosts.stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet()));
  }

  /** A policy allowing public hosts only. */
  public static OutboundUrlPolicy publicOnly() {
    return new OutboundUrlPolicy(Set.of());
  }

  /**
   * Why {@code url} may not be called, completing the sentence "the URL ...", or empty when it may.
   */
  public Optional<String> problem(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      return Optional.of("must be an absolute http or https URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("must be an absolute http or https URL");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      // java.net.URI leaves the host null for names it cannot parse (e.g. "a_b"): refuse them.
      return Optional.of("must name a host");
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    if (allowed.contains(host) || allowed.contains(host + ":" + port)) {
      return Optional.empty();
    }
    Optional<InetAddress> literal = literal(host);
    if (literal.isPresent()) {
      return refused(literal.get())
          ? Optional.of("must not name a loopback, link-local, private or reserved address")
          : Optional.empty();
    }
    if (host.equals("localhost") || !host.contains(".")) {
      return Optional.of("must not name localhost or a cluster-internal host");
    }
    for (String suffix : INTERNAL_SUFFIXES) {
      if (host.endsWith(suffix)) {
        return Optional.of("must not name localhost or a cluster-internal host");
      }
    }
    return Optional.empty();
  }

  /** True when the address is allowed by the allow-list (as an IP literal host). */
  public boolean allowedAddress(InetAddress address) {
    String text = address.getHostAddress().toLowerCase(Locale.ROOT);
    return allowed.contains(text) || allowed.contains("[" + text + "]");
  }

  /**
   * True when a connection to {@code address} must be refused: loopback, any-local, link-local,
   * site-local/private, unique-local IPv6, carrier-grade NAT, multicast, broadcast and reserved.
   */
  public static boolean refused(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0
          || first == 10
          || first == 127
          || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
          || (first == 169 && second == 254)
          || (first == 172 && second >= 16 && second <= 31)
          || (first == 192 && second == 168)
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
          || (first == 198 && (second == 18 || second == 19))
          || first >= 224;
    }
    if (address instanceof Inet6Address) {
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) {
        return true; // unique local fc00::/7
      }
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped
          && ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff || b[10] == 0 && b[11] == 0)) {
        // IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible (::a.b.c.d): judge the IPv4 address.
        try {
          return refused(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
      // NAT64 (64:ff9b::/96) can reach any IPv4 address, private ones included.
      return first == 0x00
          && (b[1] & 0xff) == 0x64
          && (b[2] & 0xff) == 0xff
          && (b[3] & 0xff) == 0x9b;
    }
    return true;
  }

  /**
   * The address an IP literal host names, parsing IPv4 the way URL parsers and {@code inet_aton} do
   * (one to four parts, each decimal, {@code 0x} hex or {@code 0} octal: {@code 2130706433}, {@code
   * 0x7f.1}, {@code 0177.0.0.1}); empty for a host name.
   */
  static Optional<InetAddress> literal(String host) {
    try {
      if (host.startsWith("[") && host.endsWith("]")) {
        return Optional.of(InetAddress.getByName(host.substring(1, host.length() - 1)));
      }
      if (host.contains(":")) {
        return Optional.of(InetAddress.getByName(host));
      }
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length > 4) {
      return Optional.empty();
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Long value = number(parts[i]);
      if (value == null) {
        return Optional.empty();
      }
      values[i] = value;
    }
    long address = 0;
    for (int i = 0; i < values.length - 1; i++) {
      if (values[i] > 255) {
        return Optional.empty();
      }
      address = (address << 8) | values[i];
    }
    int remainingBytes = 4 - (values.length - 1);
    long last = values[values.length - 1];
    if (last >= (1L << (8 * remainingBytes))) {
      return Optional.empty();
    }
    address = (address << (8 * remainingBytes)) | last;
    byte[] bytes = {
      (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
    };
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static Long number(String part) {
    if (part.isEmpty() || part.length() > 12) {
      return null;
    }
    int radix = 10;
    String digits = part;
    if (part.startsWith("0x") || part.startsWith("0X")) {
      radix = 16;
      digits = part.substring(2);
      if (digits.isEmpty()) {
        return 0L;
      }
    } else if (part.length() > 1 && part.startsWith("0")) {
      radix = 8;
      digits = part.substring(1);
    }
    try {
      long value = Long.parseLong(digits, radix);
      return value < 0 ? null : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
