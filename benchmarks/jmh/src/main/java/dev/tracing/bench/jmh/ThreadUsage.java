package dev.tracing.bench.jmh;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.management.ThreadMXBean;

/**
 * Bytes allocated and CPU time used by the live threads of this JVM, grouped by what the thread does, so that a
 * benchmark can report the threads it does not run on (the batch processor's worker, the exporter's HTTP client, the
 * sink) apart from its own. JMH's {@code -prof gc} on JDK 17 sums the allocation of the threads alive at both ends of
 * an iteration (JDK 21's JVM-wide total is not there), and its time is the benchmark thread's wall clock, waits
 * included.
 */
final class ThreadUsage {

	static final String[] GROUPS = { "benchmark", "batch-worker", "okhttp", "sink", "other" };

	private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	private final Map<Long, long[]> usage = new LinkedHashMap<>();

	private final Map<Long, String> names = new LinkedHashMap<>();

	private ThreadUsage() {
	}

	static ThreadUsage snapshot() {
		ThreadUsage snapshot = new ThreadUsage();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			long id = thread.getId();
			long allocated = THREADS.getThreadAllocatedBytes(id);
			long cpu = THREADS.getThreadCpuTime(id);
			if (allocated >= 0 && cpu >= 0) {
				snapshot.usage.put(id, new long[] { allocated, cpu });
				snapshot.names.put(id, thread.getName());
			}
		}
		return snapshot;
	}

	/**
	 * Bytes allocated and CPU nanoseconds used since {@code before}, per group of threads; a thread born since counts
	 * whole, one that died is missed.
	 * @param before the earlier snapshot
	 * @param benchmarkThread id of the thread that runs the benchmark method
	 * @return {bytes, CPU ns} per group, in the order of {@link #GROUPS}
	 */
	Map<String, long[]> since(ThreadUsage before, long benchmarkThread) {
		Map<String, long[]> groups = new LinkedHashMap<>();
		for (String group : GROUPS) {
			groups.put(group, new long[2]);
		}
		this.usage.forEach((id, now) -> {
			long[] then = before.usage.getOrDefault(id, new long[2]);
			long[] sum = groups.get(group(id, this.names.get(id), benchmarkThread));
			sum[0] += now[0] - then[0];
			sum[1] += now[1] - then[1];
		});
		return groups;
	}

	private static String group(long id, String name, long benchmarkThread) {
		if (id == benchmarkThread) {
			return "benchmark";
		}
		if (name.startsWith("BatchSpanProcessor_WorkerThread")) {
			return "batch-worker";
		}
		if (name.startsWith("OkHttp") || name.startsWith("okhttp")) {
			return "okhttp";
		}
		if (name.equals(OtlpSink.THREAD_NAME)) {
			return "sink";
		}
		return "other";
	}

}
