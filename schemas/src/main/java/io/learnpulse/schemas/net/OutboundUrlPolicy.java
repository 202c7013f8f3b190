package io.learnpulse.schemas.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which URLs a service may call on a tenant's behalf (a tenant's LRS endpoint): only public {@code
 * http}/{@code https} hosts. It refuses what an attacker who controls a tenant's settings would aim
 * at inside our network: loopback, unspecified, link-local (cloud metadata at 169.254.169.254),
 * private and unique-local, carrier-grade NAT, multicast, broadcast, reserved and NAT64 addresses
 * (IPv4-mapped IPv6 judged as its IPv4 address); host names that can only mean something inside the
 * cluster ({@code localhost}, single-label names, {@code .local}, {@code .localhost}, {@code
 * .internal}, {@code .svc}, {@code .cluster.local}, {@code .localdomain}); numeric host spellings
 * other than a dotted quad ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}: resolvers read
 * them differently); and user info in the URL.
 *
 * <p>Two checks, one rule: {@link #problem(String)} judges a URL as written (lms-sync, when a
 * tenant saves its settings; no DNS); {@link #checkResolved(URI)} also resolves the host and judges
 * every address it resolves to (xapi-emitter, before each connection, so a name that later resolves
 * inward is caught).
 *
 * <p>An explicit allow-list admits on-premises LRSs: CIDRs ({@code 10.20.0.0/16}), single addresses
 * ({@code 127.0.0.1}), host names ({@code lrs.corp.example}) or host:port pairs ({@code
 * 127.0.0.1:55432}). A listed name is admitted whatever it resolves to, so list names only for
 * hosts whose DNS the operator controls. Plain Java, no dependencies.
 */
public final class OutboundUrlPolicy {

  private static final List<String> INTERNAL_SUFFIXES =
      List.of(".localhost", ".local", ".internal", ".svc", ".cluster.local", ".localdomain");

  private final List<Cidr> allowedRanges;
  private final Set<String> allowedHosts;
  private final Resolver resolver;

  /** Resolves a host name to its addresses. */
  @FunctionalInterface
  public interface Resolver {
    /** Every address of {@code host}. */
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** A refusal at connect time: the URL and why. */
  public static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A refusal with its reason. */
    public RefusedException(String message) {
      super(message);
    }
  }

  private OutboundUrlPolicy(List<Cidr> ranges, Set<String> hosts, Resolver resolver) {
    this.allowedRanges = List.copyOf(ranges);
    this.allowedHosts = Set.copyOf(hosts);
    this.resolver = resolver;
  }

  /** A policy admitting public hosts only. */
  public static OutboundUrlPolicy publicOnly() {
    return allowing(List.of());
  }

  /**
   * A policy admitting, besides public hosts, the entries of {@code allow} (CIDRs, addresses, host
   * names or host:port pairs; case-insensitive; blank entries ignored), resolving names with the
   * system resolver.
   *
   * @throws IllegalArgumentException for a malformed CIDR
   */
  public static OutboundUrlPolicy allowing(Collection<String> allow) {
    return allowing(allow, InetAddress::getAllByName);
  }

  /**
   * As {@link #allowing(Collection)}, with its own resolver (tests: a name that resolves inward).
   */
  public static OutboundUrlPolicy allowing(Collection<String> allow, Resolver resolver) {
    List<Cidr> ranges = new ArrayList<>();
    Set<String> hosts = new TreeSet<>();
    for (String entry : allow == null ? List.<String>of() : allow) {
      String e = entry.trim().toLowerCase(Locale.ROOT);
      if (e.isEmpty()) {
        continue;
      }
      Optional<InetAddress> address = literal(unbracket(e));
      if (e.contains("/")) {
        ranges.add(Cidr.parse(e));
      } else if (address.isPresent()) {
        byte[] bytes = address.get().getAddress();
        ranges.add(new Cidr(bytes, bytes.length * 8));
      } else {
        hosts.add(e);
      }
    }
    return new OutboundUrlPolicy(ranges, hosts, resolver);
  }

  /**
   * Why {@code url} may not be called, judged as written, completing the sentence "the URL ...";
   * empty when it may.
   */
  public Optional<String> problem(String url) {
    try {
      return Optional.ofNullable(refusal(new URI(url)));
    } catch (URISyntaxException | NullPointerException e) {
      return Optional.of("must be an absolute http or https URL");
    }
  }

  /**
   * Judges {@code url} as written and every address its host resolves to now; returns the
   * addresses, so a caller can connect to one of them.
   */
  public List<InetAddress> checkResolved(URI url) throws RefusedException {
    String why = refusal(url);
    if (why != null) {
      throw new RefusedException(url + " " + why);
    }
    String host = host(url);
    Optional<InetAddress> literal = literal(host);
    if (literal.isPresent()) {
      return List.of(literal.get()); // judged as written
    }
    List<InetAddress> addresses;
    try {
      addresses = List.of(resolver.resolve(host));
    } catch (UnknownHostException e) {
      throw new RefusedException("cannot resolve " + url.getHost());
    }
    if (allowedHost(host, url)) {
      return addresses;
    }
    for (InetAddress a : addresses) {
      Optional<String> reason = refusedAddress(a);
      if (reason.isPresent()) {
        throw new RefusedException(
            url.getHost() + " resolves to " + a.getHostAddress() + ", " + reason.get());
      }
    }
    return addresses;
  }

  /**
   * True when a connection to {@code address} must be refused (whatever the allow-list says):
   * loopback, unspecified, link-local, private, unique-local, carrier-grade NAT, multicast,
   * broadcast, reserved and NAT64 addresses.
   */
  public static boolean refused(InetAddress address) {
    return reason(address).isPresent();
  }

  /** Why a URL is refused as written, or null. */
  private String refusal(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "must be an absolute http or https URL";
    }
    if (url.getRawUserInfo() != null) {
      return "must not carry user info";
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      // java.net.URI leaves the host null for names it cannot parse (e.g. "a_b"): refuse them.
      return "must name a host";
    }
    String host = host(url);
    if (allowedHost(host, url)) {
      return null;
    }
    Optional<InetAddress> literal = literal(host);
    if (literal.isPresent()) {
      return refusedAddress(literal.get()).map(why -> "must not name " + why).orElse(null);
    }
    if (looksNumeric(host)) {
      return "must not use a numeric host other than a dotted-quad IPv4 address";
    }
    if (host.equals("localhost") || host.indexOf('.') < 0) {
      return "must not name localhost or a single-label (cluster-internal) host";
    }
    for (String suffix : INTERNAL_SUFFIXES) {
      if (host.endsWith(suffix)) {
        return "must not name a cluster-internal host (*" + suffix + ")";
      }
    }
    return null;
  }

  private boolean allowedHost(String host, URI url) {
    int port =
        url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    String spelled = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return allowedHosts.contains(host) || allowedHosts.contains(spelled + ":" + port);
  }

  /** Why an address is refused, empty when it is allowed (allow-listed ranges first). */
  private Optional<String> refusedAddress(InetAddress address) {
    for (Cidr allowed : allowedRanges) {
      if (allowed.contains(address)) {
        return Optional.empty();
      }
    }
    return reason(address);
  }

  private static Optional<String> reason(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return Optional.of("a loopback address");
    }
    if (address.isAnyLocalAddress()) {
      return Optional.of("the unspecified address");
    }
    if (address.isLinkLocalAddress()) {
      return Optional.of("a link-local address");
    }
    if (address.isMulticastAddress()) {
      return Optional.of("a multicast address");
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      boolean isPrivate =
          first == 0
              || first == 10
              || first == 127
              || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
              || (first == 169 && second == 254)
              || (first == 172 && second >= 16 && second <= 31)
              || (first == 192 && second == 168)
              || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
              || (first == 198 && (second == 18 || second == 19))
              || first >= 224; // multicast, reserved, broadcast
      return isPrivate
          ? Optional.of("a private, carrier-grade NAT or reserved address")
          : Optional.empty();
    }
    int first = b[0] & 0xff;
    if ((first & 0xfe) == 0xfc) {
      return Optional.of("a unique-local address"); // fc00::/7
    }
    boolean zeroPrefix = true;
    for (int i = 0; i < 10; i++) {
      zeroPrefix &= b[i] == 0;
    }
    boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = b[10] == 0 && b[11] == 0;
    if (zeroPrefix && (mapped || compatible)) {
      // IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible (::a.b.c.d): judge the IPv4 address.
      try {
        return reason(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
      } catch (UnknownHostException e) {
        return Optional.of("an unreadable address");
      }
    }
    boolean nat64 =
        first == 0x00
            && (b[1] & 0xff) == 0x64
            && (b[2] & 0xff) == 0xff
            && (b[3] & 0xff) == 0x9b; // 64:ff9b::/96 reaches any IPv4 address, private ones too
    return nat64 ? Optional.of("a NAT64 address") : Optional.empty();
  }

  /** The normalized host: lower case, without IPv6 brackets or trailing dots. */
  private static String host(URI url) {
    String host = unbracket(url.getHost().toLowerCase(Locale.ROOT));
    while (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1); // "localhost." is localhost
    }
    return host;
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /**
   * The address a host spells literally: a canonical dotted quad or an IPv6 literal (without
   * brackets). Never a DNS lookup.
   */
  static Optional<InetAddress> literal(String host) {
    boolean dottedQuad =
        host.matches(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    boolean ipv6 = host.indexOf(':') >= 0 && host.matches("[0-9a-f:.]+(%[0-9a-z]+)?");
    if (!dottedQuad && !ipv6) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(host));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /**
   * True for a host made only of numbers a C resolver accepts as an IPv4 address (decimal, octal
   * with a leading 0, hex with 0x, one to four parts), or whose last label is numeric, which no
   * public DNS name has.
   */
  static boolean looksNumeric(String host) {
    if (host.matches("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}")) {
      return true;
    }
    return host.substring(host.lastIndexOf('.') + 1).matches("[0-9]+|0x[0-9a-f]+");
  }

  /**
   * An address range.
   *
   * @param network the network address bytes (4 or 16)
   * @param prefix the prefix length in bits
   */
  record Cidr(byte[] network, int prefix) {

    static Cidr parse(String text) {
      int slash = text.indexOf('/');
      Optional<InetAddress> address = literal(unbracket(text.substring(0, slash).trim()));
      if (address.isEmpty()) {
        throw new IllegalArgumentException("not a CIDR: " + text);
      }
      byte[] bytes = address.get().getAddress();
      int prefix;
      try {
        prefix = Integer.parseInt(text.substring(slash + 1).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a CIDR: " + text, e);
      }
      if (prefix < 0 || prefix > bytes.length * 8) {
        throw new IllegalArgumentException("prefix out of range: " + text);
      }
      return new Cidr(bytes, prefix);
    }

    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      int mask = (0xff << (8 - rest)) & 0xff;
      return rest == 0 || (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Cidr c && prefix == c.prefix && Arrays.equals(network, c.network);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
      return Arrays.toString(network) + "/" + prefix;
    }
  }
}
