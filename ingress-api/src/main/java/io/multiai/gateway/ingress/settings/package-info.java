/**
 * The ingress's own settings (reply timeout and partition, agent groups, health report TTL), a leaf
 * package so that the features using them do not depend on the application's root.
 */
package io.multiai.gateway.ingress.settings;
