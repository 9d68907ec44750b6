/**
 * Running the Kafka Streams app: its configuration, state directory, lifecycle and health.
 */
package io.multiai.gateway.aggregator.streams;
