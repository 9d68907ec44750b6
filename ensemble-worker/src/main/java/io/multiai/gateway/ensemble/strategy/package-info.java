/**
 * Ensemble strategies (consensus, best, synthesize, fastest) that combine the members' answers.
 */
package io.multiai.gateway.ensemble.strategy;
