/**
 * Alert rules evaluated on sliding or calendar windows at every event, Alerts on ai.alerts when a
 * rule's state changes, and the Slack-compatible webhook.
 */
package io.multiai.gateway.aggregator.alerts;
