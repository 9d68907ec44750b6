/**
 * The HTTP plumbing the live clients share: non-blocking JSON calls, Retry-After and rate-limit
 * headers, turning error answers and transport failures into typed ProviderExceptions, and scrubbing
 * provider messages that may echo the caller's input.
 */
package io.multiai.gateway.providers.http;
