/**
 * Builds the live client of each provider; apart from the root package so that the root, which
 * the clients use, does not depend on them.
 */
package io.multiai.gateway.providers.live;
