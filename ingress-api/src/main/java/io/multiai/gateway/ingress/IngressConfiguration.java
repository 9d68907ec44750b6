package io.multiai.gateway.ingress;

import java.time.Clock;
import java.util.List;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.config.StartBeforeWebServer;
import io.multiai.gateway.common.kafka.CompactedTopicView;
import io.multiai.gateway.common.kafka.KafkaSettings;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.kafka.TopicProvisioner;
import io.multiai.gateway.common.privacy.PrivacyProperties;
import io.multiai.gateway.common.privacy.UserIdHasher;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.ingress.alerts.AlertLog;
import io.multiai.gateway.ingress.analytics.WindowReadModel;
import io.multiai.gateway.ingress.budgets.BudgetService;
import io.multiai.gateway.ingress.replies.ReplyCorrelator;
import io.multiai.gateway.ingress.route.EnsembleRequestParser;
import io.multiai.gateway.ingress.route.QueryEndpoint;
import io.multiai.gateway.ingress.route.RouteRequestParser;
import io.multiai.gateway.ingress.settings.IngressProperties;
import io.multiai.gateway.ingress.status.AgentMonitor;
import io.multiai.gateway.schemas.MetricWindow;
import io.multiai.gateway.schemas.ModelHealth;
import io.multiai.gateway.schemas.UserDailyMetrics;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngressProperties.class)
class IngressConfiguration {

  private static final Logger log = LoggerFactory.getLogger(IngressConfiguration.class);

  @Bean
  RouteRequestParser routeRequestParser(JsonMapper json, ModelCatalog catalog) {
    return new RouteRequestParser(json, catalog);
  }

  @Bean
  io.multiai.gateway.ingress.openai.ChatCompletionParser chatCompletionParser(JsonMapper json, ModelCatalog catalog) {
    return new io.multiai.gateway.ingress.openai.ChatCompletionParser(json, catalog);
  }

  @Bean
  EnsembleRequestParser ensembleRequestParser(JsonMapper json, ModelCatalog catalog) {
    return new EnsembleRequestParser(json, catalog);
  }

  @Bean
  QueryEndpoint queryEndpoint(ReplyCorrelator replies, UserIdHasher userIds, Clock clock, MeterRegistry meters,
      io.multiai.gateway.ingress.budgets.BudgetService budgets) {
    return new QueryEndpoint(replies, userIds, clock, meters, budgets);
  }

  @Bean
  UserIdHasher userIdHasher(PrivacyProperties privacy) {
    if (privacy.userIdSecret().startsWith("local-development")) {
      log.warn("user ids are hashed with the development secret: set AI_USER_ID_SECRET in production");
    }
    return new UserIdHasher(privacy.userIdSecret());
  }

  @Bean(destroyMethod = "close")
  ReplyCorrelator replyCorrelator(Topics topics, KafkaSettings kafka, Clock clock, IngressProperties properties,
      Environment env) {
    // A producer of its own: its records expire with the publish timeout (KafkaSettings.requestProducer),
    // while audit, metric and batch records on the shared one keep Kafka's two minutes to ride out a broker blip.
    RecordPublisher requests = new RecordPublisher(new KafkaProducer<>(
        kafka.requestProducer(kafka.clientId(env.getProperty("spring.application.name", "ingress-api") + "-requests"),
            properties.publishTimeout())));
    return new ReplyCorrelator(topics, kafka, requests, clock, properties.replyPartition())
        .publishTimeout(properties.publishTimeout());
  }

  @Bean(destroyMethod = "close")
  CompactedTopicView<MetricWindow> metricWindowsView(Topics topics, KafkaSettings kafka) {
    return new CompactedTopicView<>(topics.metricWindows(), kafka);
  }

  @Bean
  WindowReadModel windowReadModel(CompactedTopicView<MetricWindow> metricWindowsView) {
    return new WindowReadModel(metricWindowsView);
  }

  @Bean(destroyMethod = "close")
  CompactedTopicView<UserDailyMetrics> userMetricsView(Topics topics, KafkaSettings kafka) {
    return new CompactedTopicView<>(topics.userMetrics(), kafka);
  }

  @Bean(destroyMethod = "close")
  AlertLog alertLog(Topics topics, KafkaSettings kafka, @Value("${gateway.ingress.recent-alerts:100}") int recent, Clock clock) {
    return new AlertLog(topics.alerts(), kafka, recent, BudgetService::alertActiveUntil, clock);
  }

  @Bean(destroyMethod = "close")
  CompactedTopicView<ModelHealth> modelHealthView(Topics topics, KafkaSettings kafka) {
    return new CompactedTopicView<>(topics.providerHealth(), kafka);
  }

  @Bean(destroyMethod = "close")
  AgentMonitor agentMonitor(KafkaSettings kafka, IngressProperties properties, Clock clock) {
    return new AgentMonitor(kafka, properties.agents(), clock);
  }

  /** Topics first, then the consumers, all before the HTTP port takes traffic. */
  @Bean
  SmartLifecycle ingressConsumers(Topics topics, TopicProvisioner provisioner, ReplyCorrelator replies,
      CompactedTopicView<MetricWindow> metricWindows, CompactedTopicView<ModelHealth> modelHealth,
      CompactedTopicView<UserDailyMetrics> userMetrics, AlertLog alerts, PrivacyProperties privacy) {
    return new StartBeforeWebServer(() -> {
      // User ids hashed with another secret would count one user as two across instances.
      // Every instance writing hashed user ids to the same metrics topic must hash with the same secret.
      provisioner.verifyFleetSetting("user-id-secret@" + topics.metrics().name(),
          io.multiai.gateway.common.kafka.FleetSettings.fingerprint(privacy.userIdSecret()));
      provisioner.ensure(List.of(topics.requestsRoute(), topics.requestsEnsemble(), topics.replies(), topics.metricWindows(),
          topics.providerHealth(), topics.alerts(), topics.audit(), topics.userMetrics(), topics.userErasures(),
          topics.requestsCancel()),
          List.of(topics.requestsRoute(), topics.requestsEnsemble()));
      replies.start();
      metricWindows.start();
      modelHealth.start();
      userMetrics.start();
      alerts.start();
    });
  }
}
