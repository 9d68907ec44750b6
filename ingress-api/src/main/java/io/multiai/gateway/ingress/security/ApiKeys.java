package io.multiai.gateway.ingress.security;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.multiai.gateway.ingress.web.ClientIdentity;

/**
 * The current key ring, re-read on a timer of its own (file reads never run on an event loop). A
 * key is rotated with an overlap by adding the new entry, moving callers over, then removing the old
 * one; each step takes effect within one reload interval. A reload that fails keeps the last good ring.
 */
public final class ApiKeys implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

  private final KeyRingLoader loader;
  private final ScheduledExecutorService timer;
  private volatile KeyRing ring;

  public ApiKeys(KeyRingLoader loader, java.time.Duration reloadInterval) {
    this.loader = loader;
    this.ring = loader.load(); // an invalid configuration stops the start
    log.info("{} client keys loaded", ring.size());
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "api-keys-reload");
      thread.setDaemon(true);
      return thread;
    });
    long millis = Math.max(100, reloadInterval.toMillis());
    timer.scheduleWithFixedDelay(this::reload, millis, millis, TimeUnit.MILLISECONDS);
  }

  public ClientIdentity find(String presentedKey) {
    return ring.find(presentedKey);
  }

  /** Every client identity of the current ring (one per key: a client with two keys appears twice). */
  public java.util.Collection<ClientIdentity> identities() {
    return ring.byHash().values();
  }

  void reload() {
    try {
      KeyRing next = loader.load();
      if (!next.byHash().equals(ring.byHash())) {
        log.info("client keys reloaded: {} keys (was {})", next.size(), ring.size());
        ring = next;
      }
    } catch (RuntimeException e) {
      log.error("client keys not reloaded, keeping the previous {}: {}", ring.size(), e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
