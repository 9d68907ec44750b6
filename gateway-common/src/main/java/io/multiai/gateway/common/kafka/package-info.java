/**
 * The Kafka runtime of the services, hand-written on Kafka's own clients rather than spring-kafka's
 * listener containers, for what those lack here: out-of-order completion of up to hundreds of
 * concurrent requests per consumer with commits only below the oldest one in flight
 * ({@link io.multiai.gateway.common.kafka.ConcurrentRecordProcessor}), assign-and-poll readers that
 * never commit for the reply path and compacted views, and dead letters with the error in headers.
 * ReplyingKafkaTemplate was measured at about 1 ms per round trip with tuned settings, no better than
 * this, and blocks a thread per waiting call. Topic creation with retention fitting what a topic holds.
 */
package io.multiai.gateway.common.kafka;
