package dev.tracing.viewer.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.springframework.util.Assert;

/**
 * Bounded in-memory store of traces. Spans of one trace merge whatever their service,
 * batch or order of arrival. When more than {@code maxSpans} spans are held, the traces
 * received first are evicted whole, so a trace is never shown half-evicted.
 * <p>
 * One read-write lock guards everything: writes are batches and queries copy what they
 * return, so contention stays low for a single machine's traffic.
 */
public final class TraceStore {

	/** Identical statements under one parent that make an N+1 query, unless configured. */
	public static final int DEFAULT_N_PLUS_ONE_THRESHOLD = 5;

	private final int maxSpans;

	private final int nPlusOneThreshold;

	private final SpanListener listener;

	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	/** Traces in the order they were first received: the eviction order. */
	private final LinkedHashMap<String, Trace> traces = new LinkedHashMap<>();

	/** Span count per service and operation, to list them without a scan. */
	private final Map<String, Map<Operation, Integer>> operations = new HashMap<>();

	private int spanCount;

	private long evictedTraceCount;

	public TraceStore(int maxSpans) {
		this(maxSpans, DEFAULT_N_PLUS_ONE_THRESHOLD);
	}

	/**
	 * Create a store.
	 * @param maxSpans the maximum number of spans held
	 * @param nPlusOneThreshold the number of child database spans of one parent running the same statement that
	 * makes an N+1 query (see {@link NPlusOne})
	 */
	public TraceStore(int maxSpans, int nPlusOneThreshold) {
		this(maxSpans, nPlusOneThreshold, (spans) -> {
		});
	}

	/**
	 * Create a store that tells a listener of the spans it adds.
	 * @param maxSpans the maximum number of spans held
	 * @param nPlusOneThreshold the number of child database spans of one parent running the same statement that
	 * makes an N+1 query (see {@link NPlusOne})
	 * @param listener told of every batch of spans added, duplicates left out
	 */
	public TraceStore(int maxSpans, int nPlusOneThreshold, SpanListener listener) {
		Assert.isTrue(maxSpans > 0, "'maxSpans' must be positive");
		Assert.isTrue(nPlusOneThreshold >= 2, "'nPlusOneThreshold' must be at least 2");
		Assert.notNull(listener, "'listener' must not be null");
		this.maxSpans = maxSpans;
		this.nPlusOneThreshold = nPlusOneThreshold;
		this.listener = listener;
	}

	/**
	 * Add spans, merging them into their traces and evicting the oldest traces when
	 * over the limit. A span whose id is already stored in its trace is ignored. The
	 * N+1 queries of each trace that received spans are found again.
	 * @param spans the spans to add
	 * @return the number of spans added
	 */
	public int add(Collection<StoredSpan> spans) {
		Lock writeLock = this.lock.writeLock();
		writeLock.lock();
		try {
			List<StoredSpan> added = new ArrayList<>(spans.size());
			Set<Trace> updated = new HashSet<>();
			for (StoredSpan span : spans) {
				Trace trace = this.traces.computeIfAbsent(span.traceId(), Trace::new);
				if (trace.add(span)) {
					updated.add(trace);
					added.add(span);
					this.spanCount++;
					this.operations.computeIfAbsent(span.serviceName(), (service) -> new HashMap<>())
						.merge(operationOf(span), 1, Integer::sum);
				}
			}
			evictOverLimit();
			for (Trace trace : updated) {
				trace.detectNPlusOne(this.nPlusOneThreshold);
			}
			if (!added.isEmpty()) {
				this.listener.spansAdded(added);
			}
			return added.size();
		}
		finally {
			writeLock.unlock();
		}
	}

	private void evictOverLimit() {
		Iterator<Trace> oldestFirst = this.traces.values().iterator();
		while (this.spanCount > this.maxSpans && oldestFirst.hasNext()) {
			Trace trace = oldestFirst.next();
			oldestFirst.remove();
			this.evictedTraceCount++;
			this.spanCount -= trace.size();
			for (StoredSpan span : trace.spans()) {
				forgetOperation(span);
			}
		}
	}

	private void forgetOperation(StoredSpan span) {
		Map<Operation, Integer> serviceOperations = this.operations.get(span.serviceName());
		if (serviceOperations != null) {
			serviceOperations.computeIfPresent(operationOf(span), (operation, count) -> (count > 1) ? count - 1 : null);
			if (serviceOperations.isEmpty()) {
				this.operations.remove(span.serviceName());
			}
		}
	}

	private static Operation operationOf(StoredSpan span) {
		return new Operation(span.name(), span.kind());
	}

	/**
	 * Return a copy of one trace.
	 * @param traceId the trace id, 32 lowercase hex characters
	 * @return the trace, or empty if not stored
	 */
	public Optional<TraceSnapshot> find(String traceId) {
		return read(() -> Optional.ofNullable(this.traces.get(traceId)).map(Trace::snapshot));
	}

	/**
	 * Return the most recently started traces having at least one span that matches.
	 * @param spanMatcher the condition one span of a trace must meet
	 * @param limit the maximum number of traces to return
	 * @return copies of the matching traces, the latest start first
	 */
	public List<TraceSnapshot> search(Predicate<StoredSpan> spanMatcher, int limit) {
		return search((span, derivedTags) -> spanMatcher.test(span), limit);
	}

	/**
	 * Return the most recently started traces having at least one span that matches,
	 * given with the tags derived from its trace (see {@link TraceSnapshot#derivedTags()}).
	 * @param spanMatcher the condition one span of a trace must meet
	 * @param limit the maximum number of traces to return
	 * @return copies of the matching traces, the latest start first
	 */
	public List<TraceSnapshot> search(BiPredicate<StoredSpan, List<Attribute>> spanMatcher, int limit) {
		Assert.isTrue(limit > 0, "'limit' must be positive");
		return read(() -> {
			// Keep only the 'limit' latest matches: copying every match would be wasteful
			Comparator<Trace> byStart = Comparator.comparingLong(Trace::startEpochNanos);
			PriorityQueue<Trace> latest = new PriorityQueue<>(byStart);
			for (Trace trace : this.traces.values()) {
				if (trace.anyMatch(spanMatcher)) {
					latest.add(trace);
					if (latest.size() > limit) {
						latest.poll();
					}
				}
			}
			List<TraceSnapshot> result = new ArrayList<>(latest.size());
			while (!latest.isEmpty()) {
				result.add(latest.poll().snapshot());
			}
			Collections.reverse(result);
			return result;
		});
	}

	/**
	 * Return the names of the services of the stored spans.
	 * @return the service names, sorted
	 */
	public List<String> services() {
		return read(() -> this.operations.keySet().stream().sorted().toList());
	}

	/**
	 * Return the operations of one service in the stored spans.
	 * @param service the service name
	 * @return the operations, sorted by name then kind
	 */
	public List<Operation> operations(String service) {
		return read(() -> this.operations.getOrDefault(service, Map.of()).keySet().stream().sorted().toList());
	}

	public Statistics statistics() {
		return read(() -> new Statistics(this.traces.size(), this.spanCount, this.maxSpans, this.evictedTraceCount));
	}

	private <T> T read(Supplier<T> action) {
		Lock readLock = this.lock.readLock();
		readLock.lock();
		try {
			return action.get();
		}
		finally {
			readLock.unlock();
		}
	}

	/**
	 * What the store holds.
	 *
	 * @param traceCount the number of traces held
	 * @param spanCount the number of spans held
	 * @param maxSpans the maximum number of spans held
	 * @param evictedTraceCount the number of traces evicted since start
	 */
	public record Statistics(int traceCount, int spanCount, int maxSpans, long evictedTraceCount) {

	}

}
