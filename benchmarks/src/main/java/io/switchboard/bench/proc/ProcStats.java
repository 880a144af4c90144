package io.switchboard.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What Linux tells about one process: resident memory, threads, CPU time and open descriptors
 * ({@code /proc/<pid>}), and for a JVM its heap after a full collection ({@code jcmd}).
 */
public final class ProcStats {
    /** USER_HZ: the unit of utime/stime in /proc/pid/stat; 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    /** A heap space's "total ...K, used ...K" line: G1's one "garbage-first heap", or ParallelGC's PSYoungGen and ParOldGen. */
    private static final Pattern HEAP_USED = Pattern.compile("(?m)^\\s*(?:garbage-first heap|PSYoungGen|ParOldGen|def new generation|tenured generation)\\s+total \\d+K, used (\\d+)K");

    private final long pid;

    public ProcStats(long pid) {
        this.pid = pid;
    }

    /** Resident set size in bytes (VmRSS). */
    public long rssBytes() {
        return status("VmRSS") * 1024;
    }

    public long threads() {
        return status("Threads");
    }

    /** User plus system CPU time consumed so far, in nanoseconds. */
    public long cpuNanos() {
        long[] split = cpuSplitNanos();
        return split[0] + split[1];
    }

    /**
     * User and system (kernel) CPU time consumed so far, in nanoseconds: {@code {user, system}}. The kernel's share
     * is where a socket write's TCP work is paid (on loopback also the receiving side's), which no server code
     * removes: it bounds what an event loop can save per delivery.
     */
    public long[] cpuSplitNanos() {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long perTick = TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND;
        return new long[] {Long.parseLong(f[11]) * perTick, Long.parseLong(f[12]) * perTick}; // utime, stime (fields 14, 15)
    }

    /**
     * CPU time so far (user plus system, nanoseconds) of the process' threads, summed by kind of thread: the name
     * from {@code /proc/<pid>/task/<tid>/comm} with its digits dropped ("C2 CompilerThread0" and "...1" are one
     * kind, "vert.x-eventloop-thread-N" another). Threads that ended are not in it, so compare two readings only
     * for threads that live through the interval (a server's do).
     */
    public Map<String, Long> cpuNanosByThreadKind() {
        Map<String, Long> out = new HashMap<>();
        long perTick = TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long nanos = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * perTick;
                    out.merge(comm.replaceAll("\\d+", "N").trim(), nanos, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public int openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The soft limit on open files of the process. */
    public int maxOpenFiles() {
        for (String line : read(Path.of("/proc", Long.toString(pid), "limits")).split("\n")) {
            if (line.startsWith("Max open files")) {
                return Integer.parseInt(line.substring(26).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no open-files limit for " + pid);
    }

    /** JVM only: runs a full GC ({@code jcmd GC.run}) and answers the heap in use after it, in bytes. */
    public long heapAfterGcBytes() {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        long usedKiB = 0;
        boolean found = false;
        while (m.find()) {
            usedKiB += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("unexpected GC.heap_info output for " + pid + ": " + info);
        }
        return usedKiB * 1024;
    }

    /**
     * JVM only: live objects by class after a full collection ({@code jcmd GC.class_histogram}), as
     * class name -> {instances, bytes}.
     */
    public Map<String, long[]> classHistogram() {
        Map<String, long[]> out = new HashMap<>();
        Matcher m = HISTOGRAM_ROW.matcher(jcmd("GC.class_histogram"));
        while (m.find()) {
            out.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                    (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        }
        return out;
    }

    private String jcmd(String command) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long status(String key) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/" + pid + "/status");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
