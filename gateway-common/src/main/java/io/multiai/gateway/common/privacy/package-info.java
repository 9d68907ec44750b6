/**
 * Keyed hashing of user ids (HMAC-SHA256) before they enter any topic, and the privacy settings.
 */
package io.multiai.gateway.common.privacy;
