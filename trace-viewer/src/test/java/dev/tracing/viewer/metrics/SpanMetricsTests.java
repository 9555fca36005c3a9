package dev.tracing.viewer.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tracing.viewer.store.SpanResource;
import dev.tracing.viewer.store.StoredSpan;
import dev.tracing.viewer.store.StoredSpan.Kind;
import dev.tracing.viewer.store.TraceStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link SpanMetrics}.
 */
class SpanMetricsTests {

	/** 12:00:00 UTC on some day: a whole number of 10 s buckets. */
	private static final long NOW_MILLIS = 1_764_676_800_000L;

	private static final SpanResource USERS = new SpanResource("users", List.of());

	private static final SpanResource PAYMENTS = new SpanResource("payments", List.of());

	private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS), ZoneOffset.UTC);

	private final AtomicInteger ids = new AtomicInteger();

	@Test
	void countsCallsErrorsAndDurationsPerBucketOfSpanStartTime() {
		SpanMetrics metrics = new SpanMetrics(Duration.ofSeconds(10), Duration.ofHours(1), 100, this.clock);
		List<StoredSpan> spans = new ArrayList<>();
		// 10 fast calls in [11:59:40, 11:59:50), one slow, one error
		for (int i = 0; i < 10; i++) {
			spans.add(span(USERS, "GET /users/{id}", Kind.SERVER, -20_000 + i * 900, 50, false));
		}
		spans.add(span(USERS, "GET /users/{id}", Kind.SERVER, -15_000, 2_950, false));
		spans.add(span(USERS, "GET /users/{id}", Kind.SERVER, -14_000, 60, true));
		// In the next bucket, two calls
		spans.add(span(USERS, "GET /users/{id}", Kind.SERVER, -9_000, 40, false));
		spans.add(span(USERS, "GET /users/{id}", Kind.SERVER, -1, 45, false));
		metrics.spansAdded(spans);

		List<SpanMetrics.Group> groups = metrics.query(new SpanMetrics.Query(Set.of("users"), Set.of(Kind.SERVER),
				true, NOW_MILLIS, 30_000, 10_000, 10_000));
		assertThat(groups).singleElement().satisfies((group) -> {
			assertThat(group.key()).isEqualTo(new SpanMetrics.GroupKey("users", "GET /users/{id}"));
			assertThat(group.points()).extracting(SpanMetrics.Point::endMillis)
				.containsExactly(NOW_MILLIS - 20_000, NOW_MILLIS - 10_000, NOW_MILLIS);
			assertThat(group.points()).extracting(SpanMetrics.Point::calls).containsExactly(0L, 12L, 2L);
			assertThat(group.points()).extracting(SpanMetrics.Point::errors).containsExactly(0L, 1L, 0L);
			SpanMetrics.Point busy = group.points().get(1);
			assertThat(busy.durations().quantileNanos(0.5)).isCloseTo(50_000_000, within(50_000_000 * 0.0443));
			assertThat(busy.durations().quantileNanos(0.99)).isEqualTo(2_950_000_000.0);
			assertThat(group.points().get(0).durations().count()).isZero();
		});
	}

	@Test
	void groupsByServiceOrOperationAndFiltersBySpanKind() {
		SpanMetrics metrics = new SpanMetrics(Duration.ofSeconds(10), Duration.ofHours(1), 100, this.clock);
		metrics.spansAdded(List.of(span(USERS, "GET /users/{id}", Kind.SERVER, -5_000, 10, false),
				span(USERS, "GET /health", Kind.SERVER, -5_000, 1, false),
				span(USERS, "SELECT users", Kind.CLIENT, -5_000, 1, false),
				span(PAYMENTS, "POST /payments", Kind.SERVER, -5_000, 100, true)));

		List<SpanMetrics.Group> byService = metrics.query(new SpanMetrics.Query(Set.of("users", "payments"),
				Set.of(Kind.SERVER), false, NOW_MILLIS, 10_000, 10_000, 10_000));
		assertThat(byService).extracting(SpanMetrics.Group::key)
			.containsExactly(new SpanMetrics.GroupKey("payments", null), new SpanMetrics.GroupKey("users", null));
		assertThat(byService.get(1).points()).singleElement().satisfies((point) -> assertThat(point.calls()).isEqualTo(2));

		List<SpanMetrics.Group> clientOperations = metrics.query(new SpanMetrics.Query(Set.of("users"),
				Set.of(Kind.CLIENT), true, NOW_MILLIS, 10_000, 10_000, 10_000));
		assertThat(clientOperations).extracting((group) -> group.key().operation()).containsExactly("SELECT users");
	}

	@Test
	void aWiderWindowThanTheStepAddsUpTheBucketsItCovers() {
		SpanMetrics metrics = new SpanMetrics(Duration.ofSeconds(10), Duration.ofHours(1), 100, this.clock);
		metrics.spansAdded(List.of(span(USERS, "op", Kind.SERVER, -25_000, 10, false),
				span(USERS, "op", Kind.SERVER, -15_000, 10, false), span(USERS, "op", Kind.SERVER, -5_000, 10, false)));
		List<SpanMetrics.Group> groups = metrics.query(new SpanMetrics.Query(Set.of("users"), Set.of(Kind.SERVER),
				false, NOW_MILLIS, 20_000, 10_000, 30_000));
		assertThat(groups.get(0).points()).extracting(SpanMetrics.Point::calls).containsExactly(2L, 3L);
		// Steps and windows are rounded up to whole buckets, the end up to a bucket's end
		List<SpanMetrics.Group> rounded = metrics.query(new SpanMetrics.Query(Set.of("users"), Set.of(Kind.SERVER),
				false, NOW_MILLIS - 1, 30_000, 7_000, 1));
		assertThat(rounded.get(0).points()).extracting(SpanMetrics.Point::endMillis)
			.containsExactly(NOW_MILLIS - 20_000, NOW_MILLIS - 10_000, NOW_MILLIS);
	}

	@Test
	void spansPastTheRetentionOrInTheFutureAreNotCountedButCountedAsSuch() {
		SpanMetrics metrics = new SpanMetrics(Duration.ofSeconds(10), Duration.ofMinutes(1), 100, this.clock);
		metrics.spansAdded(List.of(span(USERS, "op", Kind.SERVER, -61_000, 10, false),
				span(USERS, "op", Kind.SERVER, -59_000, 10, false), span(USERS, "op", Kind.SERVER, 60_000, 10, false)));
		assertThat(metrics.statistics().spansOutsideRetention()).isEqualTo(2);
		List<SpanMetrics.Group> groups = metrics.query(new SpanMetrics.Query(Set.of("users"), Set.of(Kind.SERVER),
				false, NOW_MILLIS, 3_600_000, 60_000, 60_000));
		assertThat(groups.get(0).points().stream().mapToLong(SpanMetrics.Point::calls).sum()).isEqualTo(1);
	}

	@Test
	void theRingForgetsBucketsPastTheRetentionAsTimeGoesOn() {
		MutableClock later = new MutableClock(NOW_MILLIS);
		SpanMetrics metrics = new SpanMetrics(Duration.ofSeconds(10), Duration.ofMinutes(1), 100, later);
		metrics.spansAdded(List.of(span(USERS, "op", Kind.SERVER, -5_000, 10, false)));
		later.millis = NOW_MILLIS + 70_000;
		// Same slot of the ring (seven buckets: one minute and the one filling), later: replaces the old bucket
		metrics.spansAdded(List.of(span(USERS, "op", Kind.SERVER, 65_000, 10, false)));
		List<SpanMetrics.Group> groups = metrics.query(new SpanMetrics.Query(Set.of("users"), Set.of(Kind.SERVER),
				false, NOW_MILLIS + 70_000, 120_000, 10_000, 10_000));
		assertThat(groups.get(0).points().stream().mapToLong(SpanMetrics.Point::calls).sum()).isEqualTo(1);
		assertThat(groups.get(0).points().get(groups.get(0).points().size() - 1).calls()).isEqualTo(1);
	}

	@Test
	void seriesOverTheLimitAreNotCountedUntilAnExpiredSeriesMakesRoom() {
		MutableClock later = new MutableClock(NOW_MILLIS);
		SpanMetrics metrics = new SpanMetrics(Duration.ofSeconds(10), Duration.ofMinutes(1), 2, later);
		metrics.spansAdded(List.of(span(USERS, "a", Kind.SERVER, -1_000, 1, false),
				span(USERS, "b", Kind.SERVER, -1_000, 1, false), span(USERS, "c", Kind.SERVER, -1_000, 1, false)));
		assertThat(metrics.statistics().series()).isEqualTo(2);
		assertThat(metrics.statistics().spansOverSeriesLimit()).isEqualTo(1);
		later.millis = NOW_MILLIS + 70_000;
		metrics.spansAdded(List.of(span(USERS, "c", Kind.SERVER, 69_000, 1, false)));
		assertThat(metrics.statistics().series()).isEqualTo(1);
		assertThat(metrics.query(new SpanMetrics.Query(Set.of("users"), Set.of(Kind.SERVER), true,
				NOW_MILLIS + 70_000, 10_000, 10_000, 10_000)))
			.extracting((group) -> group.key().operation())
			.containsExactly("c");
	}

	@Test
	void theStoreFeedsItOnlyTheSpansItAdds() {
		SpanMetrics metrics = new SpanMetrics(Duration.ofSeconds(10), Duration.ofHours(1), 100, this.clock);
		TraceStore store = new TraceStore(1000, 5, metrics);
		StoredSpan span = span(USERS, "op", Kind.SERVER, -1_000, 5, false);
		store.add(List.of(span));
		store.add(List.of(span, span));
		assertThat(metrics.query(new SpanMetrics.Query(Set.of("users"), Set.of(Kind.SERVER), false, NOW_MILLIS,
				10_000, 10_000, 10_000))
			.get(0)
			.points()
			.get(0)
			.calls()).isEqualTo(1);
	}

	@Test
	void badSettingsAreRefusedNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SpanMetrics(Duration.ofNanos(1500), Duration.ofHours(1), 10, this.clock))
			.withMessageContaining("viewer.metrics.resolution");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SpanMetrics(Duration.ofSeconds(10), Duration.ofSeconds(5), 10, this.clock))
			.withMessageContaining("viewer.metrics.retention");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SpanMetrics(Duration.ofMillis(1), Duration.ofDays(1), 10, this.clock))
			.withMessageContaining("100000 buckets");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SpanMetrics(Duration.ofSeconds(10), Duration.ofHours(1), 0, this.clock))
			.withMessageContaining("viewer.metrics.max-series");
	}

	private StoredSpan span(SpanResource resource, String name, Kind kind, long startOffsetMillis, long durationMillis,
			boolean error) {
		long start = (NOW_MILLIS + startOffsetMillis) * 1_000_000;
		int id = this.ids.incrementAndGet();
		return new StoredSpan(String.format("%032x", id), String.format("%016x", id), null, name, kind, start,
				start + durationMillis * 1_000_000, List.of(), List.of(), List.of(),
				error ? StoredSpan.StatusCode.ERROR : StoredSpan.StatusCode.UNSET, "", "", "", resource);
	}

	private static final class MutableClock extends Clock {

		private long millis;

		MutableClock(long millis) {
			this.millis = millis;
		}

		@Override
		public long millis() {
			return this.millis;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(this.millis);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
