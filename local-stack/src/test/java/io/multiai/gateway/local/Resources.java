package io.multiai.gateway.local;

/** Tear-down for the end-to-end tests' shared stacks, brokers and fakes. */
final class Resources {

  private Resources() {}

  /**
   * Closes each resource in the given order (the stack before the broker it uses), skipping those a
   * failed set-up never created, and closes the rest even when one fails; the first failure is rethrown.
   */
  static void closeAll(AutoCloseable... inOrder) {
    RuntimeException first = null;
    for (AutoCloseable resource : inOrder) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
