package io.multiai.gateway.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class ClientAddressFilterTest {

  private final ClientAddressFilter filter = new ClientAddressFilter(new TrustedProxies(List.of("10.0.0.0/8", "fd00::/8")));

  private String clientOf(String peer, String... forwardedFor) {
    MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/ai/status")
        .remoteAddress(new InetSocketAddress(peer, 40000));
    if (forwardedFor.length > 0) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    return filter.resolve(MockServerWebExchange.from(request));
  }

  @Test
  void withoutAProxyTheCallerIsTheTcpPeer() {
    assertThat(clientOf("203.0.113.5")).isEqualTo("203.0.113.5");
  }

  @Test
  void anUntrustedPeerCannotChooseItsAddressWithXForwardedFor() {
    assertThat(clientOf("203.0.113.5", "198.51.100.1")).isEqualTo("203.0.113.5");
  }

  @Test
  void behindATrustedProxyTheCallerIsTheRightmostUntrustedHop() {
    // The client wrote "1.1.1.1" itself; the proxy appended the address it saw.
    assertThat(clientOf("10.1.2.3", "1.1.1.1, 198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(clientOf("10.1.2.3", "198.51.100.7, 10.9.9.9")).isEqualTo("198.51.100.7");
    assertThat(clientOf("10.1.2.3", "1.1.1.1", "198.51.100.7")).isEqualTo("198.51.100.7");
  }

  @Test
  void garbageInXForwardedForIsNeverResolvedAsAHostName() {
    assertThat(clientOf("10.1.2.3", "evil.example.com")).isEqualTo("10.1.2.3");
    assertThat(clientOf("10.1.2.3", "1.1.1.1, not-an-ip")).isEqualTo("10.1.2.3");
  }

  @Test
  void trustedProxiesMustBeAddressesOrRanges() {
    assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.internal"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(new TrustedProxies(List.of("192.168.1.0/24")).trusts(new InetSocketAddress("192.168.1.77", 1))).isTrue();
    assertThat(new TrustedProxies(List.of("192.168.1.0/24")).trusts(new InetSocketAddress("192.168.2.1", 1))).isFalse();
  }
}
