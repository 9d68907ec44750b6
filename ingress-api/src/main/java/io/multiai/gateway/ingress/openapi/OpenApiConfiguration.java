package io.multiai.gateway.ingress.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.models.OpenAPI;

/**
 * The HTTP API's OpenAPI 3.1 document, served by springdoc at {@code /v3/api-docs} (JSON;
 * {@code /v3/api-docs.yaml} as YAML) with Swagger UI at {@code /swagger-ui}.
 *
 * <p>The document is written by hand in {@code openapi/gateway.yaml} rather than derived from the
 * controllers: they answer with maps built field by field (the JSON shapes are the contract, not Java
 * types), and the route and ensemble bodies are parsed by hand, so annotations would restate every
 * field anyway, scattered over a dozen classes. One file the tests hold to the running stack
 * ({@code OpenApiEndToEndTest} validates real answers against its schemas) is easier to keep true.
 * New endpoints (the OpenAI-compatible {@code /v1/…}, batch) add a path and a tag there.
 *
 * <p>springdoc still builds its own model from the controllers; {@code springdoc.packages-to-scan}
 * points it at nothing, and the customizer replaces whatever it found with the document.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static final String DOCUMENT = "openapi/gateway.yaml";

  @Bean
  OpenAPI gatewayOpenApi() {
    return load();
  }

  @Bean
  OpenApiCustomizer gatewayDocument() {
    OpenAPI document = load();
    return generated -> {
      generated.setOpenapi(document.getOpenapi());
      generated.setInfo(document.getInfo());
      generated.setServers(document.getServers());
      generated.setTags(document.getTags());
      generated.setPaths(document.getPaths());
      generated.setComponents(document.getComponents());
      generated.setSecurity(document.getSecurity());
    };
  }

  static OpenAPI load() {
    try (InputStream in = new ClassPathResource(DOCUMENT).getInputStream()) {
      return Yaml31.mapper().readValue(in, OpenAPI.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DOCUMENT, e);
    }
  }
}
