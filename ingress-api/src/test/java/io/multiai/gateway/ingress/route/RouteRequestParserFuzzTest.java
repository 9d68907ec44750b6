package io.multiai.gateway.ingress.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.ProviderSettings;
import io.multiai.gateway.common.catalog.ProvidersProperties;
import io.multiai.gateway.common.catalog.SimulationSettings;
import io.multiai.gateway.ingress.problem.InvalidRequestException;
import tools.jackson.databind.json.JsonMapper;

/** Thousands of random bodies: each is a valid command or an InvalidRequestException (a 400), never anything else. */
class RouteRequestParserFuzzTest {

  private static ProviderSettings provider(String cheap, String strong) {
    return new ProviderSettings(null, "http://localhost", cheap, strong, 100, Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  private final RouteRequestParser parser = new RouteRequestParser(JsonMapper.builder().build(), new ModelCatalog(
      new ProvidersProperties(provider("claude-haiku-4-5", "claude-sonnet-4-5"), provider("gpt-5-mini", "gpt-5"),
          provider("gemini-2.5-flash", "gemini-2.5-pro"), new SimulationSettings(1, 0, 0, Map.of()))));

  private static final String[] PIECES = {"{", "}", "[", "]", ",", ":", "\"query\"", "\"costPriority\"", "\"provider\"",
      "\"model\"", "\"fallback\"", "\"userId\"", "\"hi\"", "\"cheap\"", "\"claude\"", "\"gpt-5\"", "true", "null", "1", "-0.5e3",
      "\"\\u0000\"", "\"\\ud800\"", "\"日本\"", " ", "\"", "\\", "1e99999", "\"quality\""};

  @Test
  void everyBodyIsEitherACommandOrA400() {
    Random random = new Random(42);
    int valid = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] body = i % 3 == 0 ? randomBytes(random) : randomTokens(random);
      try {
        RouteCommand command = parser.parse(body);
        assertThat(command.query()).isNotBlank();
        valid++;
      } catch (InvalidRequestException expected) {
        // a 400 naming the problem
      } catch (RuntimeException e) {
        fail("body " + new String(body, StandardCharsets.UTF_8) + " threw " + e, e);
      }
    }
    assertThat(valid).as("some random bodies are valid requests").isPositive();
  }

  @Test
  void deeplyNestedDocumentsAreA400NotAStackOverflow() {
    byte[] nested = ("{\"query\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}").getBytes(StandardCharsets.UTF_8);

    try {
      parser.parse(nested);
      fail("accepted");
    } catch (InvalidRequestException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  private static byte[] randomTokens(Random random) {
    StringBuilder body = new StringBuilder();
    if (random.nextBoolean()) {
      body.append("{\"query\":\"hi\"");
      for (int i = random.nextInt(6); i > 0; i--) {
        body.append(PIECES[random.nextInt(PIECES.length)]);
      }
      body.append('}');
    } else {
      for (int i = random.nextInt(12); i > 0; i--) {
        body.append(PIECES[random.nextInt(PIECES.length)]);
      }
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(64)];
    random.nextBytes(bytes);
    return bytes;
  }
}
