/**
 * Spring configuration shared by every service: typed topics, Kafka settings, the catalog, the
 * record publisher, this service's own Netty event loops, the clock.
 */
package io.multiai.gateway.common.config;
