package io.multiai.gateway.ingress.web;

import static org.mockito.Mockito.mock;

import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multiai.gateway.common.web.PathFirewallConfiguration;
import io.multiai.gateway.ingress.audit.AuditLog;
import io.multiai.gateway.ingress.blocking.BlockFilter;
import io.multiai.gateway.ingress.blocking.BlockList;
import io.multiai.gateway.ingress.problem.Problems;
import io.multiai.gateway.ingress.ratelimit.ClientLimits;
import io.multiai.gateway.ingress.ratelimit.LocalRateLimiter;
import io.multiai.gateway.ingress.ratelimit.RateLimitFilter;
import io.multiai.gateway.ingress.ratelimit.RateLimitProperties;
import io.multiai.gateway.ingress.route.QueryEndpoint;
import io.multiai.gateway.ingress.security.ApiKeys;
import io.multiai.gateway.ingress.security.AuthenticationFilter;
import io.multiai.gateway.ingress.security.KeyRingLoader;
import io.multiai.gateway.ingress.security.SecurityProperties;
import reactor.core.publisher.Mono;

/**
 * The ingress edge without Kafka: the real filter chain (path firewall, security headers, CORS,
 * client address, blocks, keys and roles, rate limits, body size), the real problem handler and
 * actuator, in front of {@link StubEndpoints} instead of the pipeline. Audit and the block list,
 * which read and write Kafka topics, are mocks (no subject is blocked).
 *
 * <p>Use through {@link EdgeSliceTest}, which holds the properties. Keys: {@link #CLIENT} (client "tests"), {@link #ADMIN} (client "ops"), {@link #SMALL} (client
 * "small", 3 route calls a minute). The defaults are high so that a fuzzer is not rate limited.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties({EdgeProperties.class, SecurityProperties.class, RateLimitProperties.class})
@Import({PathFirewallConfiguration.class, WebEdgeConfiguration.class, EdgeSlice.StubEndpoints.class})
@ComponentScan(basePackageClasses = Problems.class) // the @RestControllerAdvice of the real ingress
class EdgeSlice {

  static final String CLIENT = "slice-client-key-0123456789abcdef";
  static final String ADMIN = "slice-admin-key-0123456789abcdef";
  static final String SMALL = "slice-small-key-0123456789abcdef";
  static final String ORIGIN = "https://app.example.com";
  /** What only an admin may ever see in a body. */
  static final String ADMIN_DATA = "ADMIN-ONLY-DATA";

  @Bean
  AuditLog auditLog() {
    return mock(AuditLog.class);
  }

  @Bean
  BlockList blockList() {
    return mock(BlockList.class);
  }

  @Bean
  BlockFilter ipBlockFilter(BlockList blocks, ProblemWriter problems, AuditLog audit) {
    return new BlockFilter(BlockFilter.By.IP, blocks, problems, audit);
  }

  @Bean(destroyMethod = "close")
  ApiKeys apiKeys(SecurityProperties properties) {
    return new ApiKeys(new KeyRingLoader(properties), properties.reloadInterval());
  }

  @Bean
  AuthenticationFilter authenticationFilter(ApiKeys keys, ProblemWriter problems, AuditLog audit) {
    return new AuthenticationFilter(keys, true, problems, audit);
  }

  @Bean
  BlockFilter clientBlockFilter(BlockList blocks, ProblemWriter problems, AuditLog audit) {
    return new BlockFilter(BlockFilter.By.CLIENT, blocks, problems, audit);
  }

  @Bean
  RateLimitFilter rateLimitFilter(RateLimitProperties properties, ProblemWriter problems, AuditLog audit) {
    return new RateLimitFilter(true, new LocalRateLimiter(), new ClientLimits(properties), problems, audit,
        new SimpleMeterRegistry());
  }

  /**
   * One trivial handler per endpoint class of the real ingress, at the real paths. Admin paths answer
   * {@link #ADMIN_DATA}, so a test can tell whether a request got through to one. The route stub
   * reads its body, as the real one does (so the streaming body limit applies), and refuses a body
   * that does not claim to be JSON through the real rule, {@link QueryEndpoint#rejectNonJson}.
   */
  @RestController
  static class StubEndpoints {

    @RequestMapping(path = {"/api/ai/status", "/api/ai/metrics", "/v1/models"}, method = RequestMethod.GET)
    Map<String, Object> open(ServerHttpRequest request) {
      return Map.of("stub", request.getPath().value());
    }

    @RequestMapping(path = {"/api/ai/route", "/api/ai/ensemble", "/v1/chat/completions"}, method = RequestMethod.POST)
    Mono<ResponseEntity<?>> query(@RequestBody(required = false) Mono<byte[]> body, ServerHttpRequest request) {
      return QueryEndpoint.rejectNonJson(request).switchIfEmpty(body.defaultIfEmpty(new byte[0])
          .map(bytes -> ResponseEntity.ok(Map.of("stub", "query", "bytes", bytes.length))));
    }

    // Not /admin/multi-ai/analytics: that path serves the console's page, which holds no data and is
    // served without a key (EndpointRules.CONSOLE_PAGE); any other /admin path stands for admin data.
    @RequestMapping(path = {"/api/ai/admin/blocks", "/api/ai/analytics/summary", "/api/ai/alerts", "/api/ai/users/{id}/metrics",
        "/admin/multi-ai/data", "/metrics"}, method = {RequestMethod.GET, RequestMethod.POST, RequestMethod.DELETE})
    Map<String, Object> admin() {
      return Map.of("secret", ADMIN_DATA);
    }
  }
}
