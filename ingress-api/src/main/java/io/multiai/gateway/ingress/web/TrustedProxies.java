package io.multiai.gateway.ingress.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The proxies whose X-Forwarded-* headers are believed, as address ranges parsed once at start-up.
 * Only IP literals are accepted, here and in headers: a host name would mean a DNS lookup.
 */
public final class TrustedProxies {

  private record Range(byte[] network, int prefixBits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefixBits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefixBits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  private final List<Range> ranges;

  public TrustedProxies(List<String> cidrs) {
    this.ranges = cidrs.stream().map(TrustedProxies::range).toList();
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  public boolean trusts(InetSocketAddress remote) {
    return remote != null && remote.getAddress() != null && trusts(remote.getAddress());
  }

  public boolean trusts(InetAddress address) {
    byte[] bytes = address.getAddress();
    for (Range range : ranges) {
      if (range.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  private static Range range(String cidr) {
    String text = cidr.strip();
    int slash = text.indexOf('/');
    InetAddress address = parseLiteral(slash < 0 ? text : text.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException("gateway.edge.trusted-proxies: not an IP address or CIDR range: " + cidr);
    }
    int max = address.getAddress().length * 8;
    int bits = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1));
    if (bits < 0 || bits > max) {
      throw new IllegalArgumentException("gateway.edge.trusted-proxies: bad prefix length in " + cidr);
    }
    return new Range(address.getAddress(), bits);
  }

  /** An IPv4 or IPv6 literal, or null; never a DNS lookup (only hex digits, dots and colons pass). */
  public static InetAddress parseLiteral(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    boolean colon = false;
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      colon |= c == ':';
      if (!hex && c != '.' && c != ':') {
        return null;
      }
    }
    if (!colon && !literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return null; // "abc" or "1.2" would otherwise be taken as a host name or a shorthand
    }
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException | RuntimeException e) {
      return null;
    }
  }
}
