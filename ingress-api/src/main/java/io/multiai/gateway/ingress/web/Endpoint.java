package io.multiai.gateway.ingress.web;

/** The class and access rule of one request's path. */
public record Endpoint(EndpointClass endpointClass, Access access) {}
