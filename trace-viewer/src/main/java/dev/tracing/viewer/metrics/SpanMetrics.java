package dev.tracing.viewer.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.tracing.viewer.store.SpanListener;
import dev.tracing.viewer.store.StoredSpan;
import org.jspecify.annotations.Nullable;

/**
 * Request, error and duration metrics of every service, operation and span kind,
 * aggregated from the spans as they are received, as the OpenTelemetry Collector's
 * span-metrics connector does: a span counts as a call of its service's operation (its
 * name) with its kind, as an error when its status is ERROR, and its duration goes into
 * a {@link DurationHistogram}.
 * <p>
 * Time is cut into buckets of one {@code resolution}, by the span's start time (the time
 * the trace search matches on, so a bucket's traces are found by searching its time
 * range). Only the last {@code retention} is kept, and at most {@code maxSeries} series
 * (service, operation, kind): memory is bounded by {@code maxSeries × retention /
 * resolution} buckets of a few counters each, whatever the traffic. The metrics outlive
 * the traces the store evicts. Spans older than the retention, starting more than one
 * bucket in the future, or of a series over the limit are not counted, and counted as
 * such.
 */
public final class SpanMetrics implements SpanListener {

	private final long resolutionMillis;

	private final int slots;

	private final int maxSeries;

	private final Clock clock;

	private final Object lock = new Object();

	private final Map<SeriesKey, Series> series = new HashMap<>();

	private long spansOutsideRetention;

	private long spansOverSeriesLimit;

	/**
	 * Create the metrics.
	 * @param resolution the time covered by one bucket, at least a millisecond, in whole milliseconds
	 * @param retention how long buckets are kept, at least one resolution
	 * @param maxSeries the maximum number of series (service, operation, kind) kept
	 * @param clock the clock that tells which buckets are past the retention
	 */
	public SpanMetrics(Duration resolution, Duration retention, int maxSeries, Clock clock) {
		if (resolution.toMillis() < 1 || resolution.toNanos() % 1_000_000 != 0) {
			throw new IllegalArgumentException(
					"viewer.metrics.resolution must be a whole number of milliseconds, at least 1ms, was " + resolution);
		}
		if (retention.compareTo(resolution) < 0) {
			throw new IllegalArgumentException("viewer.metrics.retention must be at least viewer.metrics.resolution ("
					+ resolution + "), was " + retention);
		}
		long slots = ceilDiv(retention.toMillis(), resolution.toMillis());
		if (slots > 100_000) {
			throw new IllegalArgumentException("viewer.metrics.retention / viewer.metrics.resolution must not exceed "
					+ "100000 buckets, was " + slots + " (" + retention + " / " + resolution + ")");
		}
		if (maxSeries < 1) {
			throw new IllegalArgumentException("viewer.metrics.max-series must be positive, was " + maxSeries);
		}
		this.resolutionMillis = resolution.toMillis();
		// One more than the retention: the newest bucket is still filling
		this.slots = (int) slots + 1;
		this.maxSeries = maxSeries;
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	public Duration resolution() {
		return Duration.ofMillis(this.resolutionMillis);
	}

	public Duration retention() {
		return Duration.ofMillis(this.resolutionMillis * (this.slots - 1));
	}

	@Override
	public void spansAdded(List<StoredSpan> spans) {
		long newest = Math.floorDiv(this.clock.millis(), this.resolutionMillis);
		synchronized (this.lock) {
			for (StoredSpan span : spans) {
				record(span, newest);
			}
		}
	}

	private void record(StoredSpan span, long newestBucket) {
		long bucket = Math.floorDiv(Math.floorDiv(span.startEpochNanos(), 1_000_000), this.resolutionMillis);
		if (bucket <= newestBucket - this.slots || bucket > newestBucket + 1) {
			this.spansOutsideRetention++;
			return;
		}
		SeriesKey key = new SeriesKey(span.serviceName(), span.name(), span.kind());
		Series target = this.series.get(key);
		if (target == null) {
			if (this.series.size() >= this.maxSeries) {
				forgetExpiredSeries(newestBucket);
			}
			if (this.series.size() >= this.maxSeries) {
				this.spansOverSeriesLimit++;
				return;
			}
			target = new Series(this.slots);
			this.series.put(key, target);
		}
		target.bucket(bucket).record(span);
		target.newestBucket = Math.max(target.newestBucket, bucket);
	}

	private void forgetExpiredSeries(long newestBucket) {
		this.series.values().removeIf((candidate) -> candidate.newestBucket <= newestBucket - this.slots);
	}

	/**
	 * Aggregate the buckets of the matching series into points, one per step, each
	 * covering the window that ends at its time.
	 * @param query what to aggregate
	 * @return one group per service, or per service and operation, sorted by name
	 */
	public List<Group> query(Query query) {
		long step = alignToResolution(query.stepMillis());
		long window = alignToResolution(query.windowMillis());
		long end = ceilDiv(query.endMillis(), this.resolutionMillis) * this.resolutionMillis;
		long points = Math.max(1, query.lookbackMillis() / step);
		if (points > 10_000) {
			throw new IllegalArgumentException("lookback / step gives " + points + " points, more than 10000");
		}
		long first = end - (points - 1) * step;
		Map<GroupKey, Group> groups = new LinkedHashMap<>();
		synchronized (this.lock) {
			for (Map.Entry<SeriesKey, Series> entry : this.series.entrySet()) {
				SeriesKey key = entry.getKey();
				if (!query.services().contains(key.service()) || !query.kinds().contains(key.kind())) {
					continue;
				}
				GroupKey groupKey = new GroupKey(key.service(), query.groupByOperation() ? key.operation() : null);
				Group group = groups.computeIfAbsent(groupKey, (ignored) -> Group.empty(groupKey, first, step, points));
				for (int i = 0; i < points; i++) {
					long pointEnd = first + i * step;
					entry.getValue().addTo(group.points().get(i), (pointEnd - window) / this.resolutionMillis,
							pointEnd / this.resolutionMillis);
				}
			}
		}
		return groups.values()
			.stream()
			.sorted(Comparator.comparing((Group group) -> group.key().service())
				.thenComparing((group) -> Objects.toString(group.key().operation(), "")))
			.toList();
	}

	/**
	 * Round a step or a window up to a whole number of buckets, at least one.
	 * @param millis the step or window, in milliseconds
	 * @return the time the metrics use instead, in milliseconds
	 */
	public long alignToResolution(long millis) {
		return Math.max(1, ceilDiv(Math.max(1, millis), this.resolutionMillis)) * this.resolutionMillis;
	}

	static long ceilDiv(long dividend, long divisor) {
		return -Math.floorDiv(-dividend, divisor);
	}

	public Statistics statistics() {
		synchronized (this.lock) {
			return new Statistics(this.series.size(), this.spansOutsideRetention, this.spansOverSeriesLimit);
		}
	}

	/**
	 * What to aggregate.
	 *
	 * @param services the services whose series are included
	 * @param kinds the span kinds whose series are included
	 * @param groupByOperation whether each operation is a group of its own, else each service
	 * @param endMillis the time of the last point, rounded up to the resolution
	 * @param lookbackMillis how far back from the end points go
	 * @param stepMillis the time between points, rounded up to the resolution
	 * @param windowMillis the time each point covers, ending at its time, rounded up to the resolution
	 */
	public record Query(Set<String> services, Set<StoredSpan.Kind> kinds, boolean groupByOperation, long endMillis,
			long lookbackMillis, long stepMillis, long windowMillis) {

		public Query {
			services = Set.copyOf(services);
			kinds = Set.copyOf(kinds);
		}

	}

	/**
	 * The points of one service, or of one operation of a service.
	 *
	 * @param key the service, and the operation when grouped by operation
	 * @param points the points, oldest first
	 */
	public record Group(GroupKey key, List<Point> points) {

		static Group empty(GroupKey key, long first, long step, long count) {
			List<Point> points = new ArrayList<>((int) count);
			for (int i = 0; i < count; i++) {
				points.add(new Point(first + i * step));
			}
			return new Group(key, points);
		}

	}

	/**
	 * A service, and an operation of it or {@code null} for all its operations.
	 *
	 * @param service the service name
	 * @param operation the operation (span name), or {@code null}
	 */
	public record GroupKey(String service, @Nullable String operation) {

	}

	/**
	 * The calls, errors and durations of the spans that started in the window ending at
	 * {@code endMillis}.
	 */
	public static final class Point {

		private final long endMillis;

		private long calls;

		private long errors;

		private final DurationHistogram durations = new DurationHistogram();

		Point(long endMillis) {
			this.endMillis = endMillis;
		}

		public long endMillis() {
			return this.endMillis;
		}

		public long calls() {
			return this.calls;
		}

		public long errors() {
			return this.errors;
		}

		public DurationHistogram durations() {
			return this.durations;
		}

		void add(Bucket bucket) {
			this.calls += bucket.calls;
			this.errors += bucket.errors;
			this.durations.add(bucket.durations);
		}

	}

	/**
	 * How much the metrics hold and what they left out.
	 *
	 * @param series the number of series held
	 * @param spansOutsideRetention spans not counted because they started before the
	 * retention or in the future
	 * @param spansOverSeriesLimit spans not counted because their series would have
	 * exceeded the maximum number of series
	 */
	public record Statistics(int series, long spansOutsideRetention, long spansOverSeriesLimit) {

	}

	private record SeriesKey(String service, String operation, StoredSpan.Kind kind) {

	}

	/** The buckets of one series, in a ring indexed by bucket number. */
	private static final class Series {

		private final @Nullable Bucket[] ring;

		private long newestBucket = Long.MIN_VALUE;

		Series(int slots) {
			this.ring = new Bucket[slots];
		}

		Bucket bucket(long number) {
			int slot = (int) Math.floorMod(number, (long) this.ring.length);
			Bucket bucket = this.ring[slot];
			if (bucket == null || bucket.number != number) {
				bucket = new Bucket(number);
				this.ring[slot] = bucket;
			}
			return bucket;
		}

		/** Add the buckets numbered from {@code fromInclusive} up to {@code toExclusive}. */
		void addTo(Point point, long fromInclusive, long toExclusive) {
			long from = Math.max(fromInclusive, toExclusive - this.ring.length);
			for (long number = from; number < toExclusive; number++) {
				Bucket bucket = this.ring[(int) Math.floorMod(number, (long) this.ring.length)];
				if (bucket != null && bucket.number == number) {
					point.add(bucket);
				}
			}
		}

	}

	private static final class Bucket {

		private final long number;

		private long calls;

		private long errors;

		private final DurationHistogram durations = new DurationHistogram();

		Bucket(long number) {
			this.number = number;
		}

		void record(StoredSpan span) {
			this.calls++;
			if (span.isError()) {
				this.errors++;
			}
			this.durations.record(span.durationNanos());
		}

	}

}
