/**
 * Anthropic Messages API client (POST /v1/messages), per ../shared/specs: request body, answers,
 * errors (overloaded_error as 529), usage with cache reads and writes.
 */
package io.multiai.gateway.providers.anthropic;
