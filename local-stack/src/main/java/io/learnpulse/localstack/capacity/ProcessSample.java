package io.learnpulse.localstack.capacity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of one process from Linux's {@code /proc/<pid>/stat} and {@code
 * /proc/<pid>/status}.
 *
 * @param cpuTicks user + system time in clock ticks ({@code utime + stime})
 * @param rssKb resident set size in KiB ({@code VmRSS})
 */
record ProcessSample(long cpuTicks, long rssKb) {

  static final ProcessSample NONE = new ProcessSample(0, 0);

  /** Reads the process's sample, or {@link #NONE} when it is gone (or this is not Linux). */
  static ProcessSample read(long pid) {
    return read(pid, false);
  }

  /**
   * Like {@link #read(long)}, with the CPU time of the process's children that ended and were
   * waited for ({@code cutime + cstime}). PostgreSQL's postmaster forks a backend per connection
   * and reaps it: summing only the live backends lost an ended backend's time, and a window in
   * which connections were replaced showed PostgreSQL's CPU as negative.
   */
  static ProcessSample readWithReapedChildren(long pid) {
    return read(pid, true);
  }

  private static ProcessSample read(long pid, boolean reapedChildren) {
    try {
      Path proc = Path.of("/proc", Long.toString(pid));
      String stat = Files.readString(proc.resolve("stat"));
      return new ProcessSample(
          cpuTicks(stat) + (reapedChildren ? reapedChildrenTicks(stat) : 0),
          rssKb(Files.readString(proc.resolve("status"))));
    } catch (IOException | RuntimeException gone) {
      return NONE;
    }
  }

  /** {@code utime + stime} from a stat line; the command name in parentheses may hold spaces. */
  static long cpuTicks(String stat) {
    String[] fields = fields(stat);
    // after "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** {@code cutime + cstime} (fields 16 and 17) from a stat line. */
  static long reapedChildrenTicks(String stat) {
    String[] fields = fields(stat);
    return Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
  }

  private static String[] fields(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
  }

  /** {@code VmRSS} in KiB from a status file, 0 when absent (a zombie). */
  static long rssKb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    return 0;
  }

  ProcessSample plus(ProcessSample other) {
    return new ProcessSample(cpuTicks + other.cpuTicks, rssKb + other.rssKb);
  }
}
