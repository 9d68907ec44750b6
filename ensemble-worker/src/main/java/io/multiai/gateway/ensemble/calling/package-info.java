/**
 * Calling one ensemble member within the ensemble's deadline, with its cost and outcome.
 */
package io.multiai.gateway.ensemble.calling;
