package io.multiai.gateway.aggregator.batch;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.multiai.gateway.common.kafka.CompactedTopicView;
import io.multiai.gateway.common.kafka.ConcurrentRecordProcessor;
import io.multiai.gateway.common.kafka.ConsumerLifecycle;
import io.multiai.gateway.common.kafka.DeadLetters;
import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.kafka.TopicProvisioner;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.BatchJob;
import io.multiai.gateway.schemas.BatchProgress;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BatchWebhookSettings.class)
class BatchWebhookConfiguration {

  private static final Logger log = LoggerFactory.getLogger(BatchWebhookConfiguration.class);
  private static final String GROUP = "batch-webhooks";

  @Bean(destroyMethod = "close")
  CompactedTopicView<BatchJob> batchJobsView(Topics topics, KafkaSettings kafka, TopicProvisioner provisioner) {
    provisioner.ensure(List.of(topics.batchJobs()), List.of());
    CompactedTopicView<BatchJob> view = new CompactedTopicView<>(topics.batchJobs(), kafka);
    view.start();
    return view;
  }

  @Bean
  ConsumerLifecycle<BatchProgress> batchWebhookConsumer(Topics topics, KafkaSettings kafka, TopicProvisioner provisioner,
      RecordPublisher publisher, CompactedTopicView<BatchJob> batchJobsView, BatchWebhookSettings settings, Clock clock) {
    if (settings.webhookSecret().startsWith("local-development")) {
      log.warn("batch webhooks are signed with the development secret: set AI_BATCH_WEBHOOK_SECRET in production");
    }
    BatchWebhooks webhooks = new BatchWebhooks(batchJobsView::get, settings, JsonMapper.builder().build(), clock);
    return new ConsumerLifecycle<>(topics.batchStatus(), List.of(topics.batchJobs()), provisioner, () -> {
      var config = kafka.committingConsumer(GROUP, ConsumerLifecycle.clientId(GROUP));
      // The aggregator writes the status in transactions: an aborted one's records are no verdict.
      config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      return new ConcurrentRecordProcessor<>(topics.batchStatus(), config, webhooks, new DeadLetters(publisher), 32,
          Duration.ofSeconds(10));
    });
  }
}
