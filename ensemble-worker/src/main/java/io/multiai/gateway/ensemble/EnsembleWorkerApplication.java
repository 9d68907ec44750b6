package io.multiai.gateway.ensemble;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

import io.multiai.gateway.common.config.GatewayCommonConfiguration;
import io.multiai.gateway.providers.config.ProviderClientsConfiguration;

@SpringBootApplication
@Import({GatewayCommonConfiguration.class, ProviderClientsConfiguration.class})
public class EnsembleWorkerApplication {

  /** Each service reads its own config file, so all of them can share one JVM in the local stack. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(EnsembleWorkerApplication.class).properties("spring.config.name=ensemble-worker");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
