package io.multiai.gateway.providers.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.fake.ScriptedProviderClient;

/** The operator guide's variables, set as environment variables, change what the policies do (via gateway-defaults.yml). */
class ResilienceEnvironmentVariablesTest {

  private static ResilienceProperties bind(Map<String, Object> environment) throws Exception {
    StandardEnvironment spring = new StandardEnvironment();
    spring.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
    new YamlPropertySourceLoader().load("gateway-defaults", new ClassPathResource("gateway-defaults.yml"))
        .forEach(spring.getPropertySources()::addLast);
    // bindOrCreate, as Spring Boot binds @ConfigurationProperties: with nothing set, the defaults.
    return Binder.get(spring).bindOrCreate("gateway.resilience", ResilienceProperties.class);
  }

  @Test
  void givenNoVariables_thenTheOperatorGuidesDefaultsApply() throws Exception {
    ResilienceProperties properties = bind(Map.of());

    assertThat(properties.retry().maxAttempts()).isEqualTo(3);
    assertThat(properties.retry().baseDelayMs()).isEqualTo(1000);
    assertThat(properties.circuitBreaker().failureThreshold()).isEqualTo(5);
    assertThat(properties.circuitBreaker().openMs()).isEqualTo(60_000);
  }

  @Test
  void givenAiRetryMaxAttemptsOne_whenTheProviderFails_thenThereIsNoRetry() throws Exception {
    ResilienceProperties properties = bind(Map.of("AI_RETRY_MAX_ATTEMPTS", "1", "AI_RETRY_BASE_DELAY", "0"));
    ScriptedProviderClient openai = new ScriptedProviderClient(ProviderId.OPENAI).thenFail(ErrorType.SERVER_ERROR, 1);

    new ModelResilience(properties, Clock.systemUTC()).call(openai, ProviderRequest.ofPrompt("r", "gpt-5", "hi", 1), Long.MAX_VALUE)
        .block(Duration.ofSeconds(5));

    assertThat(openai.calls()).isEqualTo(1);
  }

  @Test
  void givenAiCircuitBreakerThresholdTwoAndTimeout_whenTwoRequestsFail_thenTheCircuitOpensForThatLong() throws Exception {
    ResilienceProperties properties = bind(Map.of("AI_CIRCUIT_BREAKER_THRESHOLD", "2", "AI_CIRCUIT_BREAKER_TIMEOUT", "1234",
        "AI_RETRY_MAX_ATTEMPTS", "1"));
    ScriptedProviderClient openai = new ScriptedProviderClient(ProviderId.OPENAI);
    openai.otherwise(openai.failure(ErrorType.SERVER_ERROR, null));
    io.multiai.gateway.common.testing.MutableClock clock = new io.multiai.gateway.common.testing.MutableClock(0);
    ModelResilience resilience = new ModelResilience(properties, clock);

    for (int i = 0; i < 2; i++) {
      resilience.call(openai, ProviderRequest.ofPrompt("r", "gpt-5", "hi", 1), Long.MAX_VALUE / 2).block(Duration.ofSeconds(5));
    }

    assertThat(resilience.state("gpt-5")).isEqualTo(CircuitState.OPEN);
    assertThat(resilience.retryAtMs("gpt-5")).hasValue(1234);
  }

  @Test
  void givenAiRetryBaseDelay_thenTheBackoffCeilingDoublesFromIt() throws Exception {
    ResilienceProperties properties = bind(Map.of("AI_RETRY_BASE_DELAY", "250"));

    Backoff backoff = new Backoff(properties.retry().baseDelayMs(), properties.retry().maxDelay(), () -> 0.0);

    assertThat(backoff.ceiling(1)).isEqualTo(250);
    assertThat(backoff.ceiling(3)).isEqualTo(1000);
  }
}
