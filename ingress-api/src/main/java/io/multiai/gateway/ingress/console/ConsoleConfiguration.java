package io.multiai.gateway.ingress.console;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The operator console: {@code GET /admin/multi-ai/analytics} (the operator guide's address) and its
 * script and style sheet under {@code /admin/multi-ai/console/}. Plain HTML, CSS and JavaScript files
 * (no inline script, so the edge's Content-Security-Policy holds unchanged) drawing with uPlot from its
 * WebJar under {@code /webjars/uplot/}.
 *
 * <p>The files hold no data and no secret, so they are served without a key (see
 * {@link io.multiai.gateway.ingress.web.EndpointRules#CONSOLE_PREFIX}): a browser cannot send a bearer
 * token on a navigation. Everything the page shows comes from the admin API, called by the page with
 * the admin key the operator enters (kept in sessionStorage, for the tab only).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

  static final String PAGE = "/admin/multi-ai/analytics";
  static final String ASSETS = "/admin/multi-ai/console/";

  @Bean
  RouterFunction<ServerResponse> consoleRoutes() {
    Resource page = new ClassPathResource("console/index.html");
    // Revalidated on every load, so an upgraded gateway never runs a cached old script against a new API.
    CacheControl revalidate = CacheControl.noCache();
    return RouterFunctions.route(GET(PAGE), request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
            .cacheControl(revalidate).bodyValue(page))
        .and(RouterFunctions.resources(ASSETS + "**", new ClassPathResource("console/")));
  }
}
