package io.multiai.gateway.ingress.batch;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.multiai.gateway.common.config.StartBeforeWebServer;
import io.multiai.gateway.common.kafka.CompactedTopicView;
import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.kafka.TopicProvisioner;
import io.multiai.gateway.common.privacy.UserIdHasher;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.common.web.WebhookTargets;
import io.multiai.gateway.ingress.ratelimit.RateLimiter;
import io.multiai.gateway.ingress.route.RouteRequestParser;
import io.multiai.gateway.schemas.BatchJob;
import io.multiai.gateway.schemas.BatchProgress;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BatchProperties.class)
class BatchConfiguration {

  @Bean(destroyMethod = "close")
  CompactedTopicView<BatchJob> batchJobsView(Topics topics, KafkaSettings kafka) {
    return new CompactedTopicView<>(topics.batchJobs(), kafka);
  }

  @Bean(destroyMethod = "close")
  CompactedTopicView<BatchProgress> batchStatusView(Topics topics, KafkaSettings kafka) {
    return new CompactedTopicView<>(topics.batchStatus(), kafka);
  }

  /** The batch topics and views, before the HTTP port takes traffic. */
  @Bean
  SmartLifecycle batchViews(Topics topics, TopicProvisioner provisioner, CompactedTopicView<BatchJob> batchJobsView,
      CompactedTopicView<BatchProgress> batchStatusView) {
    return new StartBeforeWebServer(() -> {
      provisioner.ensure(List.of(topics.requestsBatch(), topics.batchResults(), topics.batchJobs(), topics.batchStatus()),
          List.of(topics.requestsBatch()));
      batchJobsView.start();
      batchStatusView.start();
    });
  }

  @Bean
  WebhookTargets batchWebhookTargets(BatchProperties properties) {
    return new WebhookTargets(new HashSet<>(properties.webhookAllowedHosts()));
  }

  @Bean
  BatchRequestParser batchRequestParser(JsonMapper json, RouteRequestParser items, BatchProperties properties) {
    return new BatchRequestParser(json, items, properties.maxItems());
  }

  @Bean
  BatchService batchService(Topics topics, RecordPublisher publisher, CompactedTopicView<BatchJob> batchJobsView,
      CompactedTopicView<BatchProgress> batchStatusView, UserIdHasher userIds, RateLimiter limiter, WebhookTargets batchWebhookTargets,
      BatchProperties properties, Clock clock) {
    return new BatchService(topics, publisher, batchJobsView, batchStatusView, userIds, limiter, batchWebhookTargets, properties, clock);
  }

  @Bean
  BatchResultsReader batchResultsReader(Topics topics, KafkaSettings kafka, JsonMapper json) {
    return new BatchResultsReader(topics.batchResults(), kafka, json);
  }
}
