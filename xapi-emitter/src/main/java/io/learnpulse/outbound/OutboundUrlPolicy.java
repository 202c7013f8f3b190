package io.learnpulse.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which URLs a service may call on a tenant's behalf (an LRS, an LMS): refuses the addresses an
 * attacker who controls a tenant's settings would aim at inside our network — loopback,
 * unspecified, link-local (cloud metadata at 169.254.169.254), private and unique-local ranges,
 * carrier-grade NAT, multicast, reserved — and cluster-internal names ({@code localhost}, {@code
 * *.localhost}, {@code *.svc}, {@code *.cluster.local}, {@code *.internal}), plus numeric host
 * spellings that resolvers read differently ({@code 2130706433}, {@code 0x7f.1}, {@code
 * 017.0.0.1}).
 *
 * <p>{@link #checkSyntax} judges a URL as written (when settings are saved or loaded); {@link
 * #checkResolved} also resolves the host and judges every address it resolves to (at connect time,
 * so a name that later resolves inward is caught). An explicit allow-list of CIDRs and host names
 * admits on-premises LRSs in private ranges; a host name on the list is admitted whatever it
 * resolves to, so list names only for hosts whose DNS the operator controls.
 *
 * <p>Plain Java. Which address ranges are refused is one rule, {@link
 * io.learnpulse.schemas.net.OutboundUrlPolicy#refused}, the one lms-sync applies when settings are
 * saved; this class adds the CIDR allow-list, DNS resolution and the refusal reasons.
 */
public final class OutboundUrlPolicy {

  private static final List<String> INTERNAL_SUFFIXES =
      List.of(".localhost", ".svc", ".cluster.local", ".internal", ".local");

  private final List<Cidr> allowedRanges;
  private final Set<String> allowedHosts;
  private final Resolver resolver;

  /** Resolves a host name to its addresses. */
  @FunctionalInterface
  public interface Resolver {
    /** Every address of {@code host}. */
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** A refusal: the URL and why. */
  public static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A refusal with its reason. */
    public RefusedException(String message) {
      super(message);
    }
  }

  /**
   * A policy admitting, besides public addresses, the entries of {@code allow}: CIDRs ({@code
   * 10.20.0.0/16}, {@code 127.0.0.1/32}, {@code fd00::/8}) or host names ({@code
   * lrs.corp.example}).
   *
   * @throws IllegalArgumentException for an entry that is neither
   */
  public OutboundUrlPolicy(Collection<String> allow) {
    this(allow, InetAddress::getAllByName);
  }

  /** A policy with its own resolver (tests: a name that resolves inward). */
  public OutboundUrlPolicy(Collection<String> allow, Resolver resolver) {
    List<Cidr> ranges = new ArrayList<>();
    Set<String> hosts = new TreeSet<>();
    for (String entry : allow) {
      String e = entry.trim().toLowerCase(Locale.ROOT);
      if (e.isEmpty()) {
        continue;
      }
      if (e.contains("/")) {
        ranges.add(Cidr.parse(e));
      } else if (literal(e).isPresent()) {
        InetAddress a = literal(e).get();
        ranges.add(new Cidr(a.getAddress(), a.getAddress().length * 8));
      } else {
        hosts.add(e);
      }
    }
    this.allowedRanges = List.copyOf(ranges);
    this.allowedHosts = Set.copyOf(hosts);
    this.resolver = resolver;
  }

  /** A policy with an empty allow-list. */
  public static OutboundUrlPolicy strict() {
    return new OutboundUrlPolicy(List.of());
  }

  /**
   * Judges {@code url} as written: http(s), a host, no user info, and a host that is neither an
   * internal name, a non-canonical numeric spelling nor a literal address in a refused range.
   */
  public void checkSyntax(URI url) throws RefusedException {
    host(url);
  }

  /**
   * Judges {@code url} as written and every address its host resolves to now; returns the
   * addresses, so a caller can connect to one of them.
   */
  public List<InetAddress> checkResolved(URI url) throws RefusedException {
    String host = host(url);
    Optional<InetAddress> literal = literal(host);
    if (literal.isPresent()) {
      return List.of(literal.get()); // judged as written
    }
    if (allowedHosts.contains(host)) {
      return resolve(url, host);
    }
    List<InetAddress> addresses = resolve(url, host);
    for (InetAddress a : addresses) {
      Optional<String> why = refusedAddress(a);
      if (why.isPresent()) {
        throw new RefusedException(
            url.getHost() + " resolves to " + a.getHostAddress() + ", " + why.get());
      }
    }
    return addresses;
  }

  private List<InetAddress> resolve(URI url, String host) throws RefusedException {
    try {
      return List.of(resolver.resolve(host));
    } catch (UnknownHostException e) {
      throw new RefusedException("cannot resolve " + url.getHost());
    }
  }

  /** The normalized host of an acceptable URL. */
  private String host(URI url) throws RefusedException {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new RefusedException("only http(s) URLs are allowed: " + url);
    }
    if (url.getRawUserInfo() != null) {
      throw new RefusedException("user info in a URL is not allowed");
    }
    String raw = url.getHost();
    if (raw == null || raw.isEmpty()) {
      throw new RefusedException("the URL has no host: " + url);
    }
    String host = raw.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    while (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1); // "localhost." is localhost
    }
    if (allowedHosts.contains(host)) {
      return host;
    }
    Optional<InetAddress> literal = literal(host);
    if (literal.isPresent()) {
      Optional<String> why = refusedAddress(literal.get());
      if (why.isPresent()) {
        throw new RefusedException(raw + " is " + why.get());
      }
      return host;
    }
    if (looksNumeric(host)) {
      throw new RefusedException(
          raw
              + " is a numeric host that is not a dotted-quad IPv4 address (refused: resolvers"
              + " read such spellings differently)");
    }
    if (host.equals("localhost") || host.indexOf('.') < 0) {
      throw new RefusedException(raw + " is a local or single-label host name");
    }
    for (String suffix : INTERNAL_SUFFIXES) {
      if (host.endsWith(suffix)) {
        throw new RefusedException(raw + " is a cluster-internal host name (*" + suffix + ")");
      }
    }
    return host;
  }

  /** Why an address is refused, empty when it is allowed. */
  Optional<String> refusedAddress(InetAddress address) {
    for (Cidr allowed : allowedRanges) {
      if (allowed.contains(address)) {
        return Optional.empty();
      }
    }
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
    // the ranges lms-sync refuses at save: one rule for both checks
    return io.learnpulse.schemas.net.OutboundUrlPolicy.refused(address)
        ? Optional.of("a private, carrier-grade NAT, reserved or NAT64 address")
        : Optional.empty();
  }

  /**
   * The address a host spells literally: a canonical dotted quad or an IPv6 literal (IPv4-mapped
   * IPv6 comes back as the IPv4 address). Never a DNS lookup.
   */
  static Optional<InetAddress> literal(String host) {
    try {
      if (host.matches(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}")) {
        return Optional.of(InetAddress.getByName(host));
      }
      if (host.indexOf(':') >= 0 && host.matches("[0-9a-f:.]+(%[0-9a-z]+)?")) {
        return Optional.of(InetAddress.getByName(host));
      }
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * True for a host made only of numbers a C resolver accepts as an IPv4 address (decimal, octal
   * with a leading 0, hex with 0x, one to four parts) — or a last label that is all digits, which
   * no public DNS name has.
   */
  static boolean looksNumeric(String host) {
    if (host.matches("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}")) {
      return true;
    }
    int dot = host.lastIndexOf('.');
    return host.substring(dot + 1).matches("[0-9]+|0x[0-9a-f]+");
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
      if (slash < 0) {
        throw new IllegalArgumentException("not a CIDR: " + text);
      }
      Optional<InetAddress> address = literal(text.substring(0, slash).trim());
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
      if (address instanceof Inet6Address && network.length == 4) {
        return false;
      }
      if (address instanceof Inet4Address && network.length == 16) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
      try {
        return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Cidr c
          && prefix == c.prefix
          && java.util.Arrays.equals(network, c.network);
    }

    @Override
    public int hashCode() {
      return 31 * java.util.Arrays.hashCode(network) + prefix;
    }
  }
}
