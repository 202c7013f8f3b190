package io.learnpulse.lmssync.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * One measured scenario of a benchmark in this package: how many items (heartbeats, outbox rows) it
 * processed, in how long, with how much CPU in this JVM and in PostgreSQL ({@link ProcessCpu}); and
 * the Markdown table docs/benchmarks.md quotes.
 */
record Measured(String scenario, long count, double seconds, long jvmCpuNanos, long pgCpuNanos) {

  double perSecond() {
    return count / seconds;
  }

  double jvmMsPer1000() {
    return jvmCpuNanos / 1e6 / count * 1000;
  }

  double pgMsPer1000() {
    return pgCpuNanos / 1e6 / count * 1000;
  }

  /** Prints one line as the benchmark goes; returns the result. */
  Measured print(String unit) {
    System.out.printf(
        Locale.ROOT,
        "%-75s %,10d %s in %7.1f s: %,8.0f/s, CPU ms per 1,000: JVM %.0f, PostgreSQL %.0f%n",
        scenario,
        count,
        unit,
        seconds,
        perSecond(),
        jvmMsPer1000(),
        pgMsPer1000());
    return this;
  }

  /** The machine, then the results as a Markdown table ({@code unit}: heartbeats, rows). */
  static void table(String header, String unit, List<Measured> results) {
    Runtime runtime = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "%n%d processors, Java %s, %s %s; load average at the end %.2f%n%s%n%n",
        runtime.availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        header);
    System.out.println(
        "| scenario (in run order) | "
            + unit
            + "/s | drain (s) | JVM CPU ms / 1,000 | PostgreSQL CPU ms / 1,000 |"
            + " CPU ms / 1,000 total |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (Measured r : results) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %,.0f | %.1f | %.0f | %.0f | %.0f |%n",
          r.scenario(),
          r.perSecond(),
          r.seconds(),
          r.jvmMsPer1000(),
          r.pgMsPer1000(),
          r.jvmMsPer1000() + r.pgMsPer1000());
    }
  }
}
