package io.multiai.gateway.ingress.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Who is calling, by address: the TCP peer, or, when the peer is a trusted proxy, the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy (entries further left are whatever the
 * client chose to send). Also classifies the endpoint once for the filters after it.
 */
public final class ClientAddressFilter implements WebFilter, Ordered {

  private final TrustedProxies proxies;

  public ClientAddressFilter(TrustedProxies proxies) {
    this.proxies = proxies;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    exchange.getAttributes().put(EdgeAttributes.CLIENT_IP, resolve(exchange));
    EdgeAttributes.endpoint(exchange);
    return chain.filter(exchange);
  }

  String resolve(ServerWebExchange exchange) {
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    InetAddress peer = remote == null ? null : remote.getAddress();
    if (peer == null) {
      return "unknown";
    }
    if (proxies.isEmpty() || !proxies.trusts(peer)) {
      return peer.getHostAddress();
    }
    List<String> forwarded = exchange.getRequest().getHeaders().get("X-Forwarded-For");
    if (forwarded == null) {
      return peer.getHostAddress();
    }
    InetAddress client = peer;
    for (int h = forwarded.size() - 1; h >= 0; h--) {
      String[] hops = forwarded.get(h).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        InetAddress hop = TrustedProxies.parseLiteral(hops[i].strip());
        if (hop == null) {
          return client.getHostAddress(); // garbage: stop at the last address we could believe
        }
        client = hop;
        if (!proxies.trusts(hop)) {
          return hop.getHostAddress();
        }
      }
    }
    return client.getHostAddress();
  }

  @Override
  public int getOrder() {
    return FilterOrder.CLIENT_ADDRESS;
  }
}
