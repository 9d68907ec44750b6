package io.multiai.gateway.ingress.blocking;

import java.time.Instant;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.multiai.gateway.ingress.audit.AuditAction;
import io.multiai.gateway.ingress.audit.AuditLog;
import io.multiai.gateway.ingress.web.ClientIdentity;
import io.multiai.gateway.ingress.web.EdgeAttributes;
import io.multiai.gateway.ingress.web.FilterOrder;
import io.multiai.gateway.ingress.web.ProblemWriter;
import io.multiai.gateway.schemas.Block;
import reactor.core.publisher.Mono;

/**
 * Refuses blocked callers with 403 until their block expires. Two instances run: one by IP before
 * authentication (an abusive address costs no key lookup), one by client id after it.
 */
public final class BlockFilter implements WebFilter, Ordered {

  public enum By { IP, CLIENT }

  private final By by;
  private final BlockList blocks;
  private final ProblemWriter problems;
  private final AuditLog audit;

  public BlockFilter(By by, BlockList blocks, ProblemWriter problems, AuditLog audit) {
    this.by = by;
    this.blocks = blocks;
    this.problems = problems;
    this.audit = audit;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String subject = subject(exchange);
    Block block = subject == null ? null : blocks.active(subject);
    if (block == null) {
      return chain.filter(exchange);
    }
    audit.record(exchange, AuditAction.BLOCKED_REQUEST, subject, "denied");
    long seconds = blocks.remainingSeconds(block);
    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    return problems.write(exchange, 403, "blocked", subject + " is blocked until " + Instant.ofEpochMilli(block.getExpiresAtMs()),
        Map.of("blockedUntil", Instant.ofEpochMilli(block.getExpiresAtMs()).toString()));
  }

  private String subject(ServerWebExchange exchange) {
    if (by == By.IP) {
      return "ip:" + EdgeAttributes.clientIp(exchange);
    }
    ClientIdentity identity = EdgeAttributes.identity(exchange);
    return identity == null ? null : "client:" + identity.clientId();
  }

  @Override
  public int getOrder() {
    return by == By.IP ? FilterOrder.IP_BLOCK : FilterOrder.CLIENT_BLOCK;
  }
}
