package dev.tracing.viewer.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TraceStore}.
 */
class TraceStoreTests {

	private static final SpanResource FRONTEND = new SpanResource("frontend",
			List.of(Attribute.ofString("service.name", "frontend")));

	private static final SpanResource PAYMENTS = new SpanResource("payments",
			List.of(Attribute.ofString("service.name", "payments"), Attribute.ofString("host.name", "box")));

	@Test
	void spansOfOneTraceFromSeveralServicesAndBatchesMergeInAnyOrder() {
		TraceStore store = new TraceStore(1000);
		String traceId = traceId(1);
		// Child first, from another service, then the root in a later batch
		store.add(List.of(span(traceId, spanId(3), spanId(2), "SELECT", PAYMENTS, 30)));
		store.add(List.of(span(traceId, spanId(2), spanId(1), "POST /payments", PAYMENTS, 20)));
		store.add(List.of(span(traceId, spanId(1), null, "GET /checkout", FRONTEND, 10),
				span(traceId(2), spanId(9), null, "other", FRONTEND, 10)));
		TraceSnapshot trace = store.find(traceId).orElseThrow();
		assertThat(trace.spans()).extracting(StoredSpan::spanId).containsExactly(spanId(3), spanId(2), spanId(1));
		assertThat(trace.spans()).extracting(StoredSpan::serviceName).containsOnly("frontend", "payments");
		assertThat(trace.spans()).filteredOn((span) -> span.serviceName().equals("payments"))
			.allSatisfy((span) -> assertThat(span.resource().attributes())
				.contains(Attribute.ofString("host.name", "box")));
		assertThat(trace.startEpochNanos()).isEqualTo(10);
		assertThat(store.statistics().traceCount()).isEqualTo(2);
		assertThat(store.statistics().spanCount()).isEqualTo(4);
	}

	@Test
	void duplicateSpansAreStoredOnce() {
		TraceStore store = new TraceStore(1000);
		StoredSpan span = span(traceId(1), spanId(1), null, "op", FRONTEND, 10);
		assertThat(store.add(List.of(span))).isEqualTo(1);
		assertThat(store.add(List.of(span, span))).isZero();
		assertThat(store.find(traceId(1)).orElseThrow().spans()).hasSize(1);
		assertThat(store.statistics().spanCount()).isEqualTo(1);
	}

	@Test
	void whenOverMaxSpansTheOldestTracesAreEvictedWhole() {
		TraceStore store = new TraceStore(5);
		store.add(List.of(span(traceId(1), spanId(1), null, "a", FRONTEND, 10),
				span(traceId(1), spanId(2), spanId(1), "a-child", PAYMENTS, 11)));
		store.add(List.of(span(traceId(2), spanId(3), null, "b", FRONTEND, 20)));
		store.add(List.of(span(traceId(3), spanId(4), null, "c", FRONTEND, 30)));
		// 4 spans: all kept. Two more spans of a new trace make 6: trace 1 (2 spans) goes whole
		store.add(List.of(span(traceId(4), spanId(5), null, "d", FRONTEND, 40),
				span(traceId(4), spanId(6), spanId(5), "d-child", FRONTEND, 41)));
		assertThat(store.find(traceId(1))).isEmpty();
		assertThat(store.find(traceId(2))).isPresent();
		assertThat(store.find(traceId(3))).isPresent();
		assertThat(store.find(traceId(4)).orElseThrow().spans()).hasSize(2);
		assertThat(store.statistics()).isEqualTo(new TraceStore.Statistics(3, 4, 5, 1));
		// The evicted trace's service and operations are forgotten with it
		assertThat(store.services()).containsExactly("frontend");
		assertThat(store.operations("frontend")).extracting(Operation::name)
			.containsExactly("b", "c", "d", "d-child");
	}

	@Test
	void evictionFollowsFirstReceptionNotLaterSpans() {
		TraceStore store = new TraceStore(3);
		store.add(List.of(span(traceId(1), spanId(1), null, "a", FRONTEND, 10)));
		store.add(List.of(span(traceId(2), spanId(2), null, "b", FRONTEND, 20)));
		// A late span of trace 1 keeps it first in line
		store.add(List.of(span(traceId(1), spanId(3), spanId(1), "a2", FRONTEND, 15)));
		store.add(List.of(span(traceId(3), spanId(4), null, "c", FRONTEND, 30)));
		assertThat(store.find(traceId(1))).isEmpty();
		assertThat(store.find(traceId(2))).isPresent();
		assertThat(store.find(traceId(3))).isPresent();
	}

	@Test
	void searchReturnsTheLatestMatchingTracesFirstUpToTheLimit() {
		TraceStore store = new TraceStore(1000);
		for (int i = 1; i <= 5; i++) {
			store.add(List.of(span(traceId(i), spanId(i), null, (i % 2 == 0) ? "even" : "odd", FRONTEND, i * 100)));
		}
		assertThat(store.search((span) -> span.name().equals("odd"), 10)).extracting(TraceSnapshot::traceId)
			.containsExactly(traceId(5), traceId(3), traceId(1));
		assertThat(store.search((span) -> true, 2)).extracting(TraceSnapshot::traceId)
			.containsExactly(traceId(5), traceId(4));
		assertThatIllegalArgumentException().isThrownBy(() -> store.search((span) -> true, 0));
	}

	@Test
	void listsServicesAndOperationsSorted() {
		TraceStore store = new TraceStore(1000);
		store.add(List.of(span(traceId(1), spanId(1), null, "b-op", PAYMENTS, 1),
				span(traceId(1), spanId(2), null, "a-op", PAYMENTS, 1),
				span(traceId(1), spanId(3), null, "z-op", FRONTEND, 1)));
		assertThat(store.services()).containsExactly("frontend", "payments");
		assertThat(store.operations("payments")).extracting(Operation::name).containsExactly("a-op", "b-op");
		assertThat(store.operations("nope")).isEmpty();
	}

	@Test
	void concurrentWritersAndReadersKeepCountsConsistent() throws Exception {
		int maxSpans = 5_000;
		TraceStore store = new TraceStore(maxSpans);
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int writer = 0; writer < 3; writer++) {
				int base = writer * 1_000_000;
				futures.add(executor.submit(() -> {
					for (int t = 0; t < 1_000; t++) {
						List<StoredSpan> batch = new ArrayList<>();
						for (int s = 0; s < 4; s++) {
							batch.add(span(traceId(base + t), spanId(base + t * 4 + s), null, "op" + s, FRONTEND, t));
						}
						store.add(batch);
					}
				}));
			}
			futures.add(executor.submit(() -> {
				for (int i = 0; i < 200; i++) {
					store.search((span) -> span.name().equals("op1"), 20)
						.forEach((trace) -> assertThat(trace.spans()).hasSize(4));
					store.services();
				}
			}));
			for (Future<?> future : futures) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		TraceStore.Statistics statistics = store.statistics();
		assertThat(statistics.spanCount()).isEqualTo(maxSpans);
		assertThat(statistics.traceCount()).isEqualTo(maxSpans / 4);
		assertThat(statistics.evictedTraceCount()).isEqualTo(3_000 - maxSpans / 4);
		assertThat(store.search((span) -> true, 10_000)).hasSize(maxSpans / 4)
			.allSatisfy((trace) -> assertThat(trace.spans()).hasSize(4));
	}

	static String traceId(int n) {
		return String.format("%032x", n + 1);
	}

	static String spanId(int n) {
		return String.format("%016x", n + 1);
	}

	static StoredSpan span(String traceId, String spanId, @Nullable String parentSpanId, String name,
			SpanResource resource, long startNanos) {
		return new StoredSpan(traceId, spanId, parentSpanId, name, StoredSpan.Kind.SERVER, startNanos,
				startNanos + 1_000, List.of(), List.of(), List.of(), StoredSpan.StatusCode.UNSET, "", "", "",
				resource);
	}

}
