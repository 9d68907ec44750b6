package io.multiai.gateway.ingress.blocking;

import java.time.Clock;
import java.util.List;

import org.springframework.context.SmartLifecycle;

import io.multiai.gateway.common.config.StartBeforeWebServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.multiai.gateway.common.kafka.CompactedTopicView;
import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.kafka.TopicProvisioner;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.ingress.audit.AuditLog;
import io.multiai.gateway.ingress.web.ProblemWriter;
import io.multiai.gateway.schemas.Block;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class BlockingConfiguration {

  @Bean(destroyMethod = "close")
  CompactedTopicView<Block> blocksView(Topics topics, KafkaSettings kafka) {
    return new CompactedTopicView<>(topics.blocks(), kafka);
  }

  @Bean
  BlockList blockList(CompactedTopicView<Block> blocksView, Clock clock) {
    return new BlockList(blocksView, clock);
  }

  @Bean
  BlockRequestParser blockRequestParser(JsonMapper json) {
    return new BlockRequestParser(json);
  }

  @Bean
  BlockFilter ipBlockFilter(BlockList blocks, ProblemWriter problems, AuditLog audit) {
    return new BlockFilter(BlockFilter.By.IP, blocks, problems, audit);
  }

  @Bean
  BlockFilter clientBlockFilter(BlockList blocks, ProblemWriter problems, AuditLog audit) {
    return new BlockFilter(BlockFilter.By.CLIENT, blocks, problems, audit);
  }

  /**
   * The edge's topics exist and the block list is read before the port opens: a blocked caller must
   * not slip through the first seconds after a restart. (Metrics: cache hits are reported there.)
   */
  @Bean
  SmartLifecycle edgeTopics(Topics topics, TopicProvisioner provisioner, CompactedTopicView<Block> blocksView) {
    return new StartBeforeWebServer(() -> {
      provisioner.ensure(List.of(topics.blocks(), topics.audit(), topics.metrics()), List.of());
      blocksView.start();
    });
  }
}
