package io.multiai.gateway.ingress.audit;

import java.time.Clock;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.privacy.UserIdHasher;
import io.multiai.gateway.common.topics.Topics;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

  @Bean
  AuditLog auditLog(RecordPublisher publisher, Topics topics, UserIdHasher hasher, Clock clock, Environment env) {
    String instance = env.getProperty("spring.application.name", "ingress-api") + "-" + UUID.randomUUID().toString().substring(0, 8);
    return new AuditLog(publisher, topics, hasher, clock, instance);
  }
}
