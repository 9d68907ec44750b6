package io.multiai.gateway.common.web;

import java.net.IDN;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which webhook URLs taken from user input the gateway may call: https to a public address, or any
 * host the operator allowed by name. Loopback, private, link-local, unique-local, carrier-grade NAT,
 * multicast and unspecified addresses are refused whether written as literals or reached through a
 * host name (every address it resolves to is checked), so a caller cannot make the gateway reach its
 * own network. Checked when a batch is submitted and again right before each delivery (the name may
 * resolve elsewhere by then).
 *
 * @param allowedHosts host names (lower case) that may be called over http and at any address: an
 *     operator's own receivers (and the tests' local one)
 */
public record WebhookTargets(Set<String> allowedHosts) {

  public WebhookTargets {
    allowedHosts = allowedHosts == null ? Set.of()
        : allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  /** The URL if it may be called; an {@link IllegalArgumentException} saying why not otherwise. Resolves DNS: blocking. */
  public URI check(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("webhookUrl is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (!uri.isAbsolute() || host == null || host.isBlank()) {
      throw new IllegalArgumentException("webhookUrl must be an absolute http(s) URL with a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("webhookUrl must not carry credentials");
    }
    String name = IDN.toASCII(host.startsWith("[") ? host.substring(1, host.length() - 1) : host).toLowerCase(Locale.ROOT);
    boolean allowed = allowedHosts.contains(name);
    if (!scheme.equals("https") && !(allowed && scheme.equals("http"))) {
      throw new IllegalArgumentException("webhookUrl must use https (plain http only to a host on the allow-list, "
          + "AI_BATCH_WEBHOOK_ALLOWED_HOSTS, whose names are compared exactly: " + name + " is not on it)");
    }
    if (allowed) {
      return uri;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(name);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("webhookUrl's host does not resolve");
    }
    for (InetAddress address : addresses) {
      if (internal(address)) {
        throw new IllegalArgumentException("webhookUrl must not point to a loopback, private or link-local address");
      }
    }
    return uri;
  }

  static boolean internal(InetAddress address) {
    if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
        || address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return true; // fc00::/7 unique local
      }
      boolean v4Mapped = true;
      for (int i = 0; i < 10; i++) {
        v4Mapped &= b[i] == 0;
      }
      if (v4Mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        try {
          return internal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException e) {
          return true;
        }
      }
      return false;
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 // "this network"
        || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
        || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
        || first >= 240; // reserved, broadcast
  }
}
