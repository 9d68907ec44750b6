package io.multiai.gateway.ingress.budgets.internal;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.WorstCaseCost;
import io.multiai.gateway.common.kafka.RecordPublisher;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.ingress.budgets.BudgetLedger;
import io.multiai.gateway.ingress.budgets.BudgetProperties;
import io.multiai.gateway.ingress.budgets.BudgetService;
import io.multiai.gateway.ingress.redis.RedisConnections;
import io.multiai.gateway.ingress.security.ApiKeys;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BudgetProperties.class)
class BudgetConfiguration {

  private static final Logger log = LoggerFactory.getLogger(BudgetConfiguration.class);

  /** In Redis when configured (exact across replicas), else in this process (exact per instance). */
  @Bean
  BudgetLedger budgetLedger(RedisConnections redis, Clock clock) {
    if (redis.configured()) {
      return new RedisBudgetLedger(redis.connection());
    }
    log.info("budgets are kept in memory: set AI_REDIS_URL for budgets shared by every replica");
    return new InMemoryBudgetLedger(clock);
  }

  @Bean
  BudgetService budgetService(BudgetProperties properties, BudgetLedger ledger, CostCalculator costs, ModelCatalog catalog, Clock clock,
      RecordPublisher publisher, Topics topics, ApiKeys keys) {
    return new BudgetService(properties, ledger, new WorstCaseCost(costs), catalog, clock,
        // Sent off the calling thread (it may be a producer callback), keyed by rule as the aggregator's alerts are.
        alert -> Mono.defer(() -> publisher.publish(topics.alerts(), alert.getRule(), alert)).subscribeOn(Schedulers.boundedElastic())
            .subscribe(ok -> { }, e -> log.warn("budget alert {} not published: {}", alert.getRule(), e.toString())),
        keys::identities);
  }
}
