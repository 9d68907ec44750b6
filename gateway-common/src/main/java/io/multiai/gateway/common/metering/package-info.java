/**
 * What every service records of a query: the one factory of the {@code MetricEvent}s the aggregator
 * turns into windows, analytics and alerts, so a field means the same whoever writes it.
 */
package io.multiai.gateway.common.metering;
