package io.multiai.gateway.ingress.redis;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RedisProperties.class)
class RedisConfiguration {

  @Bean(destroyMethod = "close")
  RedisConnections redisConnections(RedisProperties properties) {
    return new RedisConnections(properties);
  }
}
