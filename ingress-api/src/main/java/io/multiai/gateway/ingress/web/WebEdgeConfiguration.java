package io.multiai.gateway.ingress.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

/** The HTTP-level edge filters: security headers, CORS, client address, body size. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EdgeProperties.class)
class WebEdgeConfiguration {

  @Bean
  TrustedProxies trustedProxies(EdgeProperties properties) {
    return new TrustedProxies(properties.trustedProxies());
  }

  @Bean
  ProblemWriter problemWriter(JsonMapper json) {
    return new ProblemWriter(json);
  }

  @Bean
  SecurityHeadersFilter securityHeadersFilter(EdgeProperties properties, TrustedProxies proxies) {
    return new SecurityHeadersFilter(properties.headers(), proxies);
  }

  @Bean
  CorsFilter corsFilter(EdgeProperties properties) {
    return new CorsFilter(properties.cors());
  }

  @Bean
  ClientAddressFilter clientAddressFilter(TrustedProxies proxies) {
    return new ClientAddressFilter(proxies);
  }

  @Bean
  BodySizeFilter bodySizeFilter(EdgeProperties properties, ProblemWriter problems) {
    return new BodySizeFilter(properties.maxBodySize().toBytes(), properties.maxBatchBodySize().toBytes(), problems);
  }
}
