/**
 * The HTTP rules every service's port applies, whatever it serves: the path firewall that answers
 * malformed, encoded or dot-segment paths with a 400 problem before any handler.
 */
package io.multiai.gateway.common.web;
