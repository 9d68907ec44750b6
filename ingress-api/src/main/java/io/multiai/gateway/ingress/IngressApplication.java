package io.multiai.gateway.ingress;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

import io.multiai.gateway.common.config.GatewayCommonConfiguration;

@SpringBootApplication
@Import(GatewayCommonConfiguration.class)
public class IngressApplication {

  /** Each service reads its own config file, so all of them can share one JVM in the local stack. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(IngressApplication.class).properties("spring.config.name=ingress-api");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
