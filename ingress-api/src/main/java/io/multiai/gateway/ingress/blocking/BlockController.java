package io.multiai.gateway.ingress.blocking;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.ingress.audit.AuditAction;
import io.multiai.gateway.ingress.audit.AuditLog;
import io.multiai.gateway.ingress.web.EdgeAttributes;
import io.multiai.gateway.schemas.Block;
import reactor.core.publisher.Mono;

/**
 * /api/ai/admin/blocks: block a subject for a time, list the active blocks, unblock. A block is a
 * record on the compacted blocks topic, so it reaches every replica (within a fraction of a second)
 * and survives restarts. Admin-only by its path (see EndpointRules).
 */
@RestController
class BlockController {

  private final BlockRequestParser parser;
  private final BlockList blocks;
  private final RecordPublisher publisher;
  private final Topics topics;
  private final AuditLog audit;
  private final Clock clock;

  BlockController(BlockRequestParser parser, BlockList blocks, RecordPublisher publisher, Topics topics, AuditLog audit,
      Clock clock) {
    this.parser = parser;
    this.blocks = blocks;
    this.publisher = publisher;
    this.topics = topics;
    this.audit = audit;
    this.clock = clock;
  }

  @PostMapping("/api/ai/admin/blocks")
  Mono<ResponseEntity<Map<String, Object>>> block(@RequestBody(required = false) Mono<byte[]> body, ServerWebExchange exchange) {
    return body.defaultIfEmpty(new byte[0]).map(parser::parse).flatMap(request -> {
      long now = clock.millis();
      Block block = Block.newBuilder()
          .setSubject(request.subject())
          .setExpiresAtMs(now + request.seconds() * 1000)
          .setReason(request.reason())
          .setCreatedBy(EdgeAttributes.actor(exchange))
          .setCreatedAtMs(now)
          .build();
      return publisher.publish(topics.blocks(), block.getSubject(), block)
          .doOnSuccess(ok -> audit.record(exchange, AuditAction.BLOCK_CREATE, block.getSubject(), "success"))
          .thenReturn(ResponseEntity.status(HttpStatus.CREATED).body(describe(block)));
    });
  }

  @GetMapping("/api/ai/admin/blocks")
  Map<String, Object> list() {
    List<Map<String, Object>> active = blocks.all().stream().map(BlockController::describe).toList();
    return Map.of("blocks", active);
  }

  @DeleteMapping("/api/ai/admin/blocks/{subject}")
  Mono<ResponseEntity<Void>> unblock(@PathVariable String subject, ServerWebExchange exchange) {
    String canonical = BlockRequestParser.subject(subject.strip());
    return publisher.publish(topics.blocks(), canonical, null)
        .doOnSuccess(ok -> audit.record(exchange, AuditAction.BLOCK_DELETE, canonical, "success"))
        .thenReturn(ResponseEntity.noContent().build());
  }

  private static Map<String, Object> describe(Block block) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("subject", block.getSubject());
    body.put("expiresAt", Instant.ofEpochMilli(block.getExpiresAtMs()).toString());
    body.put("reason", block.getReason());
    body.put("createdBy", block.getCreatedBy());
    body.put("createdAt", Instant.ofEpochMilli(block.getCreatedAtMs()).toString());
    return body;
  }
}
