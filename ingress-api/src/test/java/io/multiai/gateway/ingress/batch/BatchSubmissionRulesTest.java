package io.multiai.gateway.ingress.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.ProviderSettings;
import io.multiai.gateway.common.catalog.ProvidersProperties;
import io.multiai.gateway.common.catalog.SimulationSettings;
import io.multiai.gateway.common.web.WebhookTargets;
import io.multiai.gateway.ingress.problem.InvalidRequestException;
import io.multiai.gateway.ingress.route.RouteRequestParser;
import io.multiai.gateway.schemas.BatchJob;
import io.multiai.gateway.schemas.BatchProgress;
import tools.jackson.databind.json.JsonMapper;

/** The batch rules that need no broker: parsing, status by the clock, ids, webhook targets. */
class BatchSubmissionRulesTest {

  private final BatchRequestParser parser = new BatchRequestParser(JsonMapper.builder().build(),
      new RouteRequestParser(JsonMapper.builder().build(), new ModelCatalog(new ProvidersProperties(
          provider("claude-haiku-4-5", "claude-sonnet-4-5"), provider("gpt-5-mini", "gpt-5"),
          provider("gemini-2.5-flash", "gemini-2.5-pro"), new SimulationSettings(1, 0, 0, Map.of())))), 3);

  private static ProviderSettings provider(String cheap, String strong) {
    return new ProviderSettings("", "http://localhost", cheap, strong, 1024, Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void givenJsonlWithBlankLinesWhenParsedThenEachLineIsAnItemInOrder() {
    BatchSubmission submission = parser.parseLines(bytes("{\"customId\":\"a\",\"query\":\"one\"}\n\n{\"customId\":\"b\",\"query\":\"two\","
        + "\"costPriority\":\"quality\"}\n"), "user-1", null);

    assertThat(submission.items()).extracting(BatchSubmission.Item::customId).containsExactly("a", "b");
    assertThat(submission.items().get(1).command().costPriority().name()).isEqualTo("QUALITY");
    assertThat(submission.userId()).isEqualTo("user-1");
  }

  @Test
  void givenAnItemTheRouteRulesRefuseWhenParsedThenTheErrorNamesItsCustomIdLineAndField() {
    assertThatThrownBy(() -> parser.parseLines(bytes("{\"customId\":\"a\",\"query\":\"one\"}\n{\"customId\":\"b\",\"query\":\"x\","
        + "\"provider\":\"acme\"}"), null, null))
        .isInstanceOfSatisfying(BatchRequestParser.BadItem.class, e -> {
          assertThat(e.customId()).isEqualTo("b");
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.field()).isEqualTo("provider");
        });
  }

  @Test
  void givenAnItemWithAUserIdWhenParsedThenItIsRefusedBecauseTheBatchHasOne() {
    assertThatThrownBy(() -> parser.parseJson(bytes("{\"items\":[{\"customId\":\"a\",\"query\":\"q\",\"userId\":\"u\"}]}")))
        .isInstanceOfSatisfying(BatchRequestParser.BadItem.class, e -> assertThat(e.field()).isEqualTo("userId"));
  }

  @Test
  void givenMoreItemsThanTheLimitWhenParsedThenTheBatchIsRefused() {
    String items = "{\"customId\":\"1\",\"query\":\"q\"},{\"customId\":\"2\",\"query\":\"q\"},{\"customId\":\"3\",\"query\":\"q\"},"
        + "{\"customId\":\"4\",\"query\":\"q\"}";
    assertThatThrownBy(() -> parser.parseJson(bytes("{\"items\":[" + items + "]}")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("1..3 items");
  }

  @Test
  void givenAnOpenBatchWhenTheClockPassesItsWindowThenItsStatusIsExpired() {
    BatchJob job = BatchJob.newBuilder().setBatchId("b").setOwner("client:a").setTotal(2).setCreatedAtMs(0).setExpiresAtMs(1000).build();
    BatchProgress oneDone = BatchProgress.newBuilder().setBatchId("b").setTotal(2).setSucceeded(1).build();

    assertThat(new BatchState(job, null, 999).status()).isEqualTo("queued");
    assertThat(new BatchState(job, oneDone, 999).status()).isEqualTo("in_progress");
    assertThat(new BatchState(job, oneDone, 1000).status()).isEqualTo("expired");
    assertThat(new BatchState(job, oneDone, 1000).open()).isFalse();
    BatchJob cancelled = BatchJob.newBuilder(job).setCancelRequestedAtMs(500L).build();
    assertThat(new BatchState(cancelled, oneDone, 600).status()).isEqualTo("cancelling");
    BatchProgress done = BatchProgress.newBuilder(oneDone).setSucceeded(2).setCompletedAtMs(700L).setFinalStatus("completed").build();
    assertThat(new BatchState(job, done, 5000).status()).isEqualTo("completed");
    assertThat(new BatchState(job, done, 5000).body()).containsEntry("completedAt", "1970-01-01T00:00:00.700Z");
  }

  @Test
  void givenAnIdempotencyKeyWhenTheSameClientSubmitsTwiceThenTheBatchIdIsTheSameAndAnotherClientGetsAnother() {
    assertThat(BatchService.batchId("client:a", "k1")).isEqualTo(BatchService.batchId("client:a", "k1"));
    assertThat(BatchService.batchId("client:a", "k1")).isNotEqualTo(BatchService.batchId("client:b", "k1"));
    assertThat(BatchService.batchId("client:a", null)).isNotEqualTo(BatchService.batchId("client:a", null));
  }

  @Test
  void givenWebhookUrlsFromUsersWhenCheckedThenOnlyHttpsToPublicAddressesOrAllowedHostsPass() {
    WebhookTargets targets = new WebhookTargets(java.util.Set.of("hooks.internal"));

    for (String refused : new String[] {"http://93.184.215.14/x", "https://127.0.0.1/x", "https://10.1.2.3/x", "https://192.168.0.1/",
        "https://169.254.169.254/latest/meta-data", "https://[::1]/x", "https://[fd00::1]/x", "https://[::ffff:10.0.0.1]/x",
        "https://0.0.0.0/", "https://100.64.0.1/", "https://user:pw@93.184.215.14/", "ftp://93.184.215.14/", "https://localhost/x"}) {
      assertThatThrownBy(() -> targets.check(refused)).as(refused).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(targets.check("https://93.184.215.14/hook")).isNotNull();
    assertThat(targets.check("http://hooks.internal:8080/batch")).isNotNull();
  }
}
