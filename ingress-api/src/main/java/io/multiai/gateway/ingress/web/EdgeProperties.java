package io.multiai.gateway.ingress.web;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The HTTP edge's own settings.
 *
 * @param maxBodySize larger request bodies are refused with 413 before they are read
 * @param maxBatchBodySize the same for {@code POST /api/ai/batch} alone, whose body holds up to 50,000 items
 * @param trustedProxies addresses or CIDR ranges of proxies whose X-Forwarded-For is believed;
 *     from anyone else the header is ignored (a client could otherwise pick its own rate-limit bucket)
 * @param cors allowed browser origins; none by default
 * @param headers security headers on every response
 */
@ConfigurationProperties("gateway.edge")
public record EdgeProperties(
    @DefaultValue("64KB") DataSize maxBodySize,
    @DefaultValue("32MB") DataSize maxBatchBodySize,
    @DefaultValue List<String> trustedProxies,
    @DefaultValue Cors cors,
    @DefaultValue Headers headers) {

  public record Cors(
      @DefaultValue List<String> allowedOrigins,
      @DefaultValue("10m") Duration maxAge) {}

  /**
   * @param hstsMaxAge Strict-Transport-Security max-age, sent on HTTPS responses only (on plain
   *     HTTP a browser ignores it, and a proxy terminating TLS says so with X-Forwarded-Proto)
   * @param contentSecurityPolicy for the API and any page served from this origin, the operator console
   *     included (it loads only its own script and style files)
   * @param swaggerUiContentSecurityPolicy for Swagger UI's pages only ({@code /swagger-ui},
   *     {@code /webjars/swagger-ui/}): its React components set inline styles and its CSS draws icons
   *     from data: SVGs, which the default policy blocks. Scripts stay 'self' only; the page shows the
   *     public API description and holds no data.
   */
  public record Headers(
      @DefaultValue("365d") Duration hstsMaxAge,
      @DefaultValue("default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'") String contentSecurityPolicy,
      @DefaultValue("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'")
      String swaggerUiContentSecurityPolicy) {}
}
