package io.multiai.gateway.aggregator.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts JSON to the webhook, retrying with exponential backoff on a transport error, a 429 or a 5xx;
 * any other status is final (a 4xx will not get better by repeating). Returns whether it was delivered.
 */
final class WebhookSender {

  private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

  private final HttpClient http;
  private final URI url;
  private final AlertSettings.Webhook settings;

  WebhookSender(AlertSettings.Webhook settings) {
    this.settings = settings;
    this.url = URI.create(settings.url());
    // HTTP/1.1: no h2c upgrade request to a plain-http receiver (see BatchWebhooks).
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout()).build();
  }

  boolean send(String json) throws InterruptedException {
    Duration delay = settings.backoff();
    for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url)
                .timeout(settings.timeout())
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status / 100 == 2) {
          return true;
        }
        if (status != 429 && status / 100 != 5) {
          log.warn("alert webhook refused the alert with status {}; not retrying", status);
          return false;
        }
        log.warn("alert webhook answered {} (attempt {} of {})", status, attempt, settings.attempts());
      } catch (IOException e) {
        log.warn("alert webhook unreachable (attempt {} of {}): {}", attempt, settings.attempts(), e.toString());
      }
      if (attempt < settings.attempts()) {
        Thread.sleep(delay.toMillis());
        delay = delay.multipliedBy(2);
      }
    }
    return false;
  }
}
