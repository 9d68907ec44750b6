/**
 * Routing policy: the complexity classifier and the complexity × cost priority table with pins.
 */
package io.multiai.gateway.router.routing;
