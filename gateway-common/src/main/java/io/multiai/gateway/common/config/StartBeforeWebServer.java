package io.multiai.gateway.common.config;

import org.springframework.context.SmartLifecycle;

/**
 * Work that must be done before a service's HTTP port takes traffic (topics created, consumers and
 * views started), so that no request arrives that the service cannot answer yet.
 */
public final class StartBeforeWebServer implements SmartLifecycle {

  private final Runnable start;
  private volatile boolean running;

  public StartBeforeWebServer(Runnable start) {
    this.start = start;
  }

  @Override
  public void start() {
    start.run();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // The web server starts in a late phase; this runs well before it.
    return SmartLifecycle.DEFAULT_PHASE - 2048;
  }
}
