package io.multiai.gateway.ingress.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * A test of the ingress edge on {@link EdgeSlice}, served by a real Netty on a random port (paths
 * reach the filters exactly as a client's request line would). Every class with this annotation
 * shares one application context. The hashes are SHA-256 of {@link EdgeSlice#CLIENT},
 * {@link EdgeSlice#ADMIN} and {@link EdgeSlice#SMALL} (annotation values must be constants).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = EdgeSlice.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.application.name=ingress-api",
    "spring.main.banner-mode=off",
    "gateway.security.keys-dir=none",
    "gateway.security.keys.tests.client-id=tests", "gateway.security.keys.tests.role=client",
    "gateway.security.keys.tests.hash=sha256:3ea37afd6d5138b9ee455f3338dc4fd79ab2c9e9c89564ba5294ec12cf6825fe",
    "gateway.security.keys.ops.client-id=ops", "gateway.security.keys.ops.role=admin",
    "gateway.security.keys.ops.hash=sha256:0ea703944439c273ad50cf8427d38b632012155c6247a93019545a792a6ed0a4",
    "gateway.security.keys.small.client-id=small", "gateway.security.keys.small.role=client",
    "gateway.security.keys.small.hash=sha256:1981dfa0b3acaac981ca197428a429717bda84255162538cecaa95c454eb0aa6",
    "gateway.security.keys.small.limits.route=3",
    "gateway.rate-limit.status=1000000", "gateway.rate-limit.metrics=1000000", "gateway.rate-limit.route=1000000",
    "gateway.rate-limit.ensemble=1000000", "gateway.rate-limit.admin=1000000", "gateway.rate-limit.other=1000000",
    "gateway.edge.cors.allowed-origins=" + EdgeSlice.ORIGIN,
    "gateway.edge.max-body-size=1KB",
    "management.endpoints.web.exposure.include=health,prometheus,info"})
@AutoConfigureWebTestClient
@interface EdgeSliceTest {}
