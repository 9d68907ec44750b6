package io.multiai.gateway.ingress.batch;

import java.util.List;
import java.util.Map;

import io.multiai.gateway.ingress.route.RouteCommand;

/**
 * A validated batch: its items in submitted order, each with the caller's customId.
 *
 * @param userId the batch's user (hashed before it enters a topic), or null
 * @param webhookUrl checked by {@link io.multiai.gateway.common.web.WebhookTargets} before anything is queued, or null
 * @param metadata the caller's labels (at most 16 pairs), stored with the batch as given
 */
record BatchSubmission(List<Item> items, String userId, String webhookUrl, Map<String, String> metadata) {

  record Item(String customId, RouteCommand command) {}

  @Override
  public String toString() {
    return "BatchSubmission[items=" + items.size() + ", hasUserId=" + (userId != null) + ", webhook=" + (webhookUrl != null) + "]";
  }
}
