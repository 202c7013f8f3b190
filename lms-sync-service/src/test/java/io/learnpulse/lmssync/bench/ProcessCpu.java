package io.learnpulse.lmssync.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM ({@code OperatingSystemMXBean.getProcessCpuTime()}) and of the PostgreSQL
 * server it started (postmaster and its backends, from {@code /proc}: their user and system ticks,
 * plus the ticks of backends that already exited, which the postmaster collected). Linux only.
 */
final class ProcessCpu {

  /** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux this project runs on. */
  private static final long TICKS_PER_SECOND = 100;

  private final long postmasterPid;

  /**
   * @param backendPid {@code pg_backend_pid()} of any connection: the postmaster is its parent
   */
  ProcessCpu(long backendPid) {
    this.postmasterPid =
        ProcessHandle.of(backendPid)
            .flatMap(ProcessHandle::parent)
            .map(ProcessHandle::pid)
            .orElseThrow(() -> new IllegalStateException("no postmaster for " + backendPid));
  }

  /** CPU time of this JVM so far, in nanoseconds. */
  static long jvmNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU time of the PostgreSQL server so far, in nanoseconds. */
  long postgresNanos() {
    long[] postmaster = stat(postmasterPid);
    // own user + system, and the children it waited for (exited backends)
    long ticks = postmaster[0] + postmaster[1] + postmaster[2] + postmaster[3];
    ticks +=
        ProcessHandle.of(postmasterPid).stream()
            .flatMap(ProcessHandle::descendants)
            .mapToLong(
                child -> {
                  long[] s = stat(child.pid());
                  return s[0] + s[1];
                })
            .sum();
    return ticks * (1_000_000_000L / TICKS_PER_SECOND);
  }

  /** utime, stime, cutime, cstime of a process (zero when it is gone). */
  private static long[] stat(long pid) {
    String text;
    try {
      text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return new long[4];
    }
    // fields after the command name, which is in parentheses and may contain spaces: field 3 first
    String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
    return new long[] {
      Long.parseLong(fields[11]),
      Long.parseLong(fields[12]),
      Long.parseLong(fields[13]),
      Long.parseLong(fields[14])
    };
  }
}
