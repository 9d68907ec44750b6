package io.multiai.gateway.common.kafka;

import java.time.Duration;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread polling one Kafka consumer and handing every record to a callback, until closed. For
 * consumers that assign their partitions themselves and never commit (replies, views).
 */
public final class ConsumerThread implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConsumerThread.class);

  private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
  private final Duration pollTimeout;
  private final Consumer<ConsumerRecord<String, byte[]>> onRecord;
  private final Thread thread;
  private volatile boolean running = true;

  public ConsumerThread(String name, org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer, Duration pollTimeout,
      Consumer<ConsumerRecord<String, byte[]>> onRecord) {
    this.consumer = consumer;
    this.pollTimeout = pollTimeout;
    this.onRecord = onRecord;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  /** Call after assigning and positioning the consumer: from here on only this thread touches it. */
  public void start() {
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(pollTimeout)) {
          onRecord.accept(record);
        }
      }
    } catch (WakeupException e) {
      // close() woke the loop up
    } catch (RuntimeException e) {
      log.error("{} stopped", thread.getName(), e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() {
    running = false;
    if (!thread.isAlive()) {
      consumer.close(Duration.ofSeconds(5));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
