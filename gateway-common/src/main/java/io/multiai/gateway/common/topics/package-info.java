/**
 * The only place topic names live: each topic typed with its value serde and kind (ephemeral,
 * events, compacted), which decides its retention.
 */
package io.multiai.gateway.common.topics;
