/**
 * The Spring wiring of a worker's provider clients and resilience policies.
 */
package io.multiai.gateway.providers.config;
