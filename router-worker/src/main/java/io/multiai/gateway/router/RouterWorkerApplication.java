package io.multiai.gateway.router;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

import io.multiai.gateway.common.config.GatewayCommonConfiguration;

@SpringBootApplication
@Import(GatewayCommonConfiguration.class)
public class RouterWorkerApplication {

  /** Each service reads its own config file, so all of them can share one JVM in the local stack. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(RouterWorkerApplication.class).properties("spring.config.name=router-worker");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
