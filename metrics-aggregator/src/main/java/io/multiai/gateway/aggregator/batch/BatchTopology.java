package io.multiai.gateway.aggregator.batch;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import io.multiai.gateway.aggregator.windows.StoreKind;
import io.multiai.gateway.common.topics.Topic;
import io.multiai.gateway.common.topics.Topics;
import io.multiai.gateway.schemas.BatchProgress;

/**
 * {@code ai.batch.jobs} + {@code ai.batch.results} → {@code ai.batch.status}, all keyed by batch id (so a
 * batch's job, results and progress meet in one task without a repartition). Two processors share three
 * stores: the jobs (total, cancel request), the item ids already counted (the dedupe: a worker that died
 * after publishing a result but before committing its offset answers the item again, and only the first
 * result counts), and the progress. Under the aggregator's exactly-once processing, a result, its dedupe
 * entry and the progress it moves are committed together.
 */
public final class BatchTopology {

  static final String JOBS = "batch-jobs";
  static final String SEEN = "batch-items-seen";
  static final String PROGRESS = "batch-progress";

  private BatchTopology() {}

  public static void addTo(StreamsBuilder builder, Topics topics, StoreKind stores) {
    Topic<BatchProgress> out = topics.batchStatus();
    builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(JOBS), Serdes.String(), topics.batchJobs().valueSerde()));
    builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(SEEN), Serdes.String(), Serdes.Long()));
    builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(PROGRESS), Serdes.String(), out.valueSerde()));
    Produced<String, BatchProgress> produced = Produced.with(out.keySerde(), out.valueSerde());

    builder.stream(topics.batchJobs().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("batch-jobs-source"))
        .process(() -> new BatchProgressProcessor.Jobs(topics.batchJobs()), Named.as("batch-jobs-apply"), JOBS, SEEN, PROGRESS)
        .to(out.name(), produced.withName("publish-batch-status-jobs"));
    builder.stream(topics.batchResults().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("batch-results-source"))
        .process(() -> new BatchProgressProcessor.Results(topics.batchResults()), Named.as("batch-results-count"), JOBS, SEEN, PROGRESS)
        .to(out.name(), Produced.with(out.keySerde(), out.valueSerde()).withName("publish-batch-status-results"));
  }
}
