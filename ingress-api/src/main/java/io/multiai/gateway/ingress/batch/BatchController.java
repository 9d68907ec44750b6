package io.multiai.gateway.ingress.batch;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.multiai.gateway.ingress.problem.ApiException;
import io.multiai.gateway.ingress.problem.InvalidRequestException;
import io.multiai.gateway.ingress.problem.Problems;
import io.multiai.gateway.ingress.web.ClientIdentity;
import io.multiai.gateway.ingress.budgets.BudgetService;
import io.multiai.gateway.ingress.web.EdgeAttributes;
import io.multiai.gateway.schemas.BatchJob;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The batch API.
 *
 * <ul>
 *   <li>{@code POST /api/ai/batch}: JSON {@code {items, userId?, webhookUrl?, metadata?}} or JSONL
 *       ({@code application/x-ndjson}, one item per line; {@code userId} and {@code webhookUrl} as query
 *       parameters). 202 {@code {batchId, status, counts, createdAt, expiresAt}} with {@code Location}; 400
 *       naming {@code customId}, {@code line} and {@code field} for a bad item (nothing queued); 429 over the
 *       batch limits; 415 for another content type. {@code Idempotency-Key}: the same key from the same
 *       client answers with the same batch ({@code Idempotent-Replayed: true}).</li>
 *   <li>{@code GET /api/ai/batch/{id}}: the status document ({@link BatchState#body()}) and the caller's
 *       {@code limits}.</li>
 *   <li>{@code GET /api/ai/batch/{id}/results?cursor=&limit=}: JSONL ({@link BatchResultsReader}).</li>
 *   <li>{@code POST /api/ai/batch/{id}/cancel}: the status document after the cancel request.</li>
 *   <li>{@code GET /api/ai/batch?limit=}: {@code {data: [status documents]}}, newest first.</li>
 * </ul>
 * A batch of another client is 404, as one that does not exist; admins see every batch.
 */
@RestController
class BatchController {

  static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

  private final BatchRequestParser parser;
  private final BatchService batches;
  private final BatchResultsReader results;

  private final BudgetService budgets;

  BatchController(BatchRequestParser parser, BatchService batches, BatchResultsReader results, BudgetService budgets) {
    this.budgets = budgets;
    this.parser = parser;
    this.batches = batches;
    this.results = results;
  }

  @PostMapping(path = "/api/ai/batch", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
  Mono<ResponseEntity<?>> submit(ServerHttpRequest http, ServerWebExchange exchange,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @RequestParam(name = "userId", required = false) String userId,
      @RequestParam(name = "webhookUrl", required = false) String webhookUrl) {
    MediaType type = http.getHeaders().getContentType();
    String subtype = type == null ? "json" : type.getSubtype().toLowerCase(Locale.ROOT);
    boolean lines = subtype.equals("x-ndjson") || subtype.equals("jsonl") || subtype.equals("x-jsonlines");
    if (!lines && !subtype.endsWith("json")) {
      return Mono.just(Problems.of(415, "unsupported-media-type", "Unsupported Media Type",
          "send the batch as application/json or application/x-ndjson"));
    }
    String owner = EdgeAttributes.subject(exchange);
    // Items are not reserved one by one (README "Budgets"): a deny budget with nothing left refuses the whole batch.
    return budgets.refuseIfExhausted(EdgeAttributes.identity(exchange), null).then(DataBufferUtils.join(http.getBody())
        .map(BatchController::bytes)
        .defaultIfEmpty(new byte[0])
        // Up to 50,000 items to validate: off the event loop.
        .publishOn(Schedulers.boundedElastic())
        .map(body -> lines ? parser.parseLines(body, userId, webhookUrl) : parser.parseJson(body))
        .flatMap(submission -> batches.submit(owner, submission, idempotencyKey))
        .<ResponseEntity<?>>map(submitted -> {
          BatchState state = submitted.state();
          Map<String, Object> body = new LinkedHashMap<>(state.body());
          ResponseEntity.BodyBuilder response = ResponseEntity.accepted()
              .location(URI.create("/api/ai/batch/" + state.job().getBatchId()))
              .contentType(MediaType.APPLICATION_JSON);
          if (submitted.replayed()) {
            response.header("Idempotent-Replayed", "true");
          }
          return response.body(body);
        })
        .onErrorResume(BatchRequestParser.BadItem.class, e -> {
          ResponseEntity<ProblemDetail> problem = Problems.of(400, "invalid-request", "Invalid request", e.getMessage());
          problem.getBody().setProperty("line", e.line());
          if (e.customId() != null) {
            problem.getBody().setProperty("customId", e.customId());
          }
          if (e.field() != null) {
            problem.getBody().setProperty("field", e.field());
          }
          return Mono.just(problem);
        })
        .onErrorResume(BatchService.LimitExceeded.class, e -> Mono.just(
            Problems.of(429, "batch-limit", "Too Many Requests", e.getMessage(), e.retryAfterSeconds()))));
  }

  @GetMapping(path = "/api/ai/batch/{batchId}", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<?>> status(@PathVariable String batchId, ServerWebExchange exchange) {
    BatchJob job = visibleJob(batchId, exchange);
    if (job == null) {
      return Mono.just(notFound(batchId));
    }
    return batches.limits(job.getOwner()).map(limits -> {
      Map<String, Object> body = new LinkedHashMap<>(batches.state(job).body());
      body.put("limits", limits);
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    });
  }

  /** Typed as DataBuffer so the bytes are written as they are (a wildcard body would go to the JSON encoder). */
  @GetMapping(path = "/api/ai/batch/{batchId}/results")
  Mono<ResponseEntity<Flux<DataBuffer>>> results(@PathVariable String batchId, ServerWebExchange exchange,
      @RequestParam(name = "cursor", defaultValue = "0") long cursor,
      @RequestParam(name = "limit", defaultValue = "100000") long limit) {
    if (visibleJob(batchId, exchange) == null) {
      throw new ApiException(404, null, "not_found", "no batch " + (batchId.length() > 100 ? "" : batchId) + " of this client");
    }
    if (cursor < 0 || limit < 1) {
      throw new InvalidRequestException("cursor", "cursor must be >= 0 and limit >= 1");
    }
    Flux<DataBuffer> body = results.lines(batchId, cursor, limit).map(exchange.getResponse().bufferFactory()::wrap);
    return Mono.just(ResponseEntity.ok().contentType(NDJSON).body(body));
  }

  @PostMapping(path = "/api/ai/batch/{batchId}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<?>> cancel(@PathVariable String batchId, ServerWebExchange exchange) {
    BatchJob job = visibleJob(batchId, exchange);
    if (job == null) {
      return Mono.just(notFound(batchId));
    }
    return batches.cancel(job).map(state -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(state.body()));
  }

  @GetMapping(path = "/api/ai/batch", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> list(ServerWebExchange exchange, @RequestParam(name = "limit", defaultValue = "20") int limit) {
    ClientIdentity identity = EdgeAttributes.identity(exchange);
    List<Map<String, Object>> data = batches.list(EdgeAttributes.subject(exchange), identity != null && identity.isAdmin(), limit)
        .stream().map(BatchState::body).toList();
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Map.of("data", data));
  }

  private BatchJob visibleJob(String batchId, ServerWebExchange exchange) {
    ClientIdentity identity = EdgeAttributes.identity(exchange);
    BatchJob job = batchId.length() > 100 ? null : batches.job(batchId);
    return BatchService.visible(job, EdgeAttributes.subject(exchange), identity != null && identity.isAdmin()) ? job : null;
  }

  private static ResponseEntity<?> notFound(String batchId) {
    return Problems.of(404, "not-found", "Not Found", "no batch " + (batchId.length() > 100 ? "" : batchId) + " of this client");
  }

  private static byte[] bytes(DataBuffer buffer) {
    try {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      return bytes;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }
}
