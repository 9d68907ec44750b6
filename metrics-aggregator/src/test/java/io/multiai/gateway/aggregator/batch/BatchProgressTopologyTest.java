package io.multiai.gateway.aggregator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.multiai.gateway.aggregator.AggregatorSettings;
import io.multiai.gateway.aggregator.TopologyFixture;
import io.multiai.gateway.aggregator.topology.MetricsTopology;
import io.multiai.gateway.schemas.BatchJob;
import io.multiai.gateway.schemas.BatchProgress;
import io.multiai.gateway.schemas.BatchResult;

class BatchProgressTopologyTest {

  @TempDir
  Path stateDir;

  private TopologyFixture fixture;
  private TestInputTopic<String, BatchJob> jobs;
  private TestInputTopic<String, BatchResult> results;
  private TestOutputTopic<String, BatchProgress> status;

  @BeforeEach
  void start() {
    fixture = new TopologyFixture(stateDir, AggregatorSettings.defaults(), List.of(), MetricsTopology.Hooks.NONE);
    var topics = fixture.topics;
    jobs = fixture.driver.createInputTopic(topics.batchJobs().name(), Serdes.String().serializer(), topics.batchJobs().valueSerde().serializer());
    results = fixture.driver.createInputTopic(topics.batchResults().name(), Serdes.String().serializer(),
        topics.batchResults().valueSerde().serializer());
    status = fixture.driver.createOutputTopic(topics.batchStatus().name(), Serdes.String().deserializer(),
        topics.batchStatus().valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void givenABatchOfThreeWhenEveryItemHasAResultThenTheStatusCountsAndCostsThemAndSaysCompleted() {
    jobs.pipeInput("b1", job("b1", 3), Instant.ofEpochMilli(1000));
    results.pipeInput("b1", result("b1", 0, "succeeded", 0.25, 1100), Instant.ofEpochMilli(1100));
    results.pipeInput("b1", result("b1", 1, "failed", 0.5, 1200), Instant.ofEpochMilli(1200));
    results.pipeInput("b1", result("b1", 2, "succeeded", 0.25, 1300), Instant.ofEpochMilli(1300));

    BatchProgress last = latest().get("b1");

    assertThat(last.getTotal()).isEqualTo(3);
    assertThat(last.getSucceeded()).isEqualTo(2);
    assertThat(last.getFailed()).isEqualTo(1);
    assertThat(last.getCostUsd()).isEqualTo(1.0);
    assertThat(last.getFirstResultAtMs()).isEqualTo(1100L);
    assertThat(last.getCompletedAtMs()).isEqualTo(1300L);
    assertThat(last.getFinalStatus()).isEqualTo("completed");
  }

  @Test
  void givenAWorkerThatDiedAfterPublishingWhenTheItemIsAnsweredAgainThenOnlyTheFirstResultCounts() {
    jobs.pipeInput("b2", job("b2", 2), Instant.ofEpochMilli(1000));
    results.pipeInput("b2", result("b2", 0, "succeeded", 0.25, 1100), Instant.ofEpochMilli(1100));
    results.pipeInput("b2", result("b2", 0, "succeeded", 0.25, 1500), Instant.ofEpochMilli(1500));

    BatchProgress progress = latest().get("b2");

    assertThat(progress.getSucceeded()).isEqualTo(1);
    assertThat(progress.getCostUsd()).isEqualTo(0.25);
    assertThat(progress.getFinalStatus()).isNull();
  }

  @Test
  void givenResultsBeforeTheJobWhenTheJobArrivesThenTheTotalIsKnownAndTheBatchCompletes() {
    results.pipeInput("b3", result("b3", 0, "succeeded", null, 1100), Instant.ofEpochMilli(1100));
    jobs.pipeInput("b3", job("b3", 1), Instant.ofEpochMilli(1200));

    BatchProgress progress = latest().get("b3");

    assertThat(progress.getTotal()).isEqualTo(1);
    assertThat(progress.getCostUsd()).isEqualTo(0.0);
    assertThat(progress.getFinalStatus()).isEqualTo("completed");
  }

  @Test
  void givenACancelledBatchWhenItsPendingItemsEndCancelledThenItsFinalStatusIsCancelled() {
    jobs.pipeInput("b4", job("b4", 2), Instant.ofEpochMilli(1000));
    results.pipeInput("b4", result("b4", 0, "succeeded", 0.1, 1100), Instant.ofEpochMilli(1100));
    jobs.pipeInput("b4", BatchJob.newBuilder(job("b4", 2)).setCancelRequestedAtMs(1150L).build(), Instant.ofEpochMilli(1150));
    results.pipeInput("b4", result("b4", 1, "cancelled", null, 1200), Instant.ofEpochMilli(1200));

    BatchProgress progress = latest().get("b4");

    assertThat(progress.getCancelled()).isEqualTo(1);
    assertThat(progress.getFinalStatus()).isEqualTo("cancelled");
  }

  @Test
  void givenItemsThatOutlivedTheWindowWhenTheyEndExpiredThenTheFinalStatusIsExpired() {
    jobs.pipeInput("b5", job("b5", 2), Instant.ofEpochMilli(1000));
    results.pipeInput("b5", result("b5", 0, "succeeded", 0.1, 1100), Instant.ofEpochMilli(1100));
    results.pipeInput("b5", result("b5", 1, "expired", null, 9000), Instant.ofEpochMilli(9000));

    BatchProgress progress = latest().get("b5");

    assertThat(progress.getExpired()).isEqualTo(1);
    assertThat(progress.getFinalStatus()).isEqualTo("expired");
  }

  private Map<String, BatchProgress> latest() {
    return status.readKeyValuesToMap();
  }

  private static BatchJob job(String id, int total) {
    return BatchJob.newBuilder().setBatchId(id).setOwner("client:acme").setTotal(total).setCreatedAtMs(1000).setExpiresAtMs(5000)
        .build();
  }

  private static BatchResult result(String batchId, int index, String status, Double cost, long at) {
    return BatchResult.newBuilder().setBatchId(batchId).setItemId(batchId + "/" + index).setCustomId("c" + index).setIndex(index)
        .setStatus(status).setCostUsd(cost).setInputTokens(1).setOutputTokens(2).setCompletedAtMs(at).build();
  }
}
