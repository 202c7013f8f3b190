package io.learnpulse.xapi;

import io.learnpulse.xapi.pipeline.EmitterLoop;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Runs the {@link EmitterLoop} on its own thread between application start and stop. */
final class EmitterLifecycle implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(EmitterLifecycle.class);

  private final EmitterLoop loop;
  private final boolean autoStartup;
  private volatile Thread thread;

  EmitterLifecycle(EmitterLoop loop, boolean autoStartup) {
    this.loop = loop;
    this.autoStartup = autoStartup;
  }

  @Override
  public void start() {
    Thread t =
        new Thread(
            () -> {
              try {
                loop.run();
              } catch (RuntimeException e) {
                log.error("xAPI emitter loop failed; health is DOWN until restart", e);
              }
            },
            "xapi-emitter-loop");
    thread = t;
    t.start();
  }

  @Override
  public void stop() {
    loop.stop();
    Thread t = thread;
    if (t != null) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    thread = null;
  }

  @Override
  public boolean isRunning() {
    Thread t = thread;
    return t != null && t.isAlive();
  }

  @Override
  public boolean isAutoStartup() {
    return autoStartup;
  }
}
