/**
 * The arithmetic of metric windows: folding a MetricEvent into a window
 * ({@link io.multiai.gateway.common.windows.WindowSums}), the figures derived from one
 * ({@link io.multiai.gateway.common.windows.WindowFigures}), and the mergeable latency sketch. Shared
 * by the aggregator, which writes windows, and the ingress, which reads them.
 */
package io.multiai.gateway.common.windows;
