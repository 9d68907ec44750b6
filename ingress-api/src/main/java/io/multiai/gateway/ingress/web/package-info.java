/**
 * The edge every request passes: endpoint classes and access rules on decoded paths, the caller's
 * identity and address, filter order, body limit, CORS, security headers, problem responses.
 */
package io.multiai.gateway.ingress.web;
