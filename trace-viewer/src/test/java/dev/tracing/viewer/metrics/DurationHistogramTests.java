package dev.tracing.viewer.metrics;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link DurationHistogram}.
 */
class DurationHistogramTests {

	@Test
	void quantilesOfRandomDurationsAreWithinTheDocumentedRelativeError() {
		Random random = new Random(42);
		long[] durations = new long[10_000];
		DurationHistogram histogram = new DurationHistogram();
		for (int i = 0; i < durations.length; i++) {
			// 10 µs .. 10 s, log-uniform
			durations[i] = (long) Math.pow(10, 4 + random.nextDouble() * 6);
			histogram.record(durations[i]);
		}
		Arrays.sort(durations);
		for (double quantile : new double[] { 0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1 }) {
			long exact = durations[(int) Math.ceil(quantile * durations.length) - 1];
			assertThat(histogram.quantileNanos(quantile)).as("p%s", quantile * 100)
				.isCloseTo(exact, within(exact * 0.0443));
		}
		assertThat(histogram.count()).isEqualTo(10_000);
	}

	@Test
	void aSingleDurationIsReturnedExactly() {
		DurationHistogram histogram = new DurationHistogram();
		histogram.record(2_941_000_000L);
		assertThat(histogram.quantileNanos(0.5)).isEqualTo(2_941_000_000.0);
		assertThat(histogram.quantileNanos(0.99)).isEqualTo(2_941_000_000.0);
	}

	@Test
	void theP99OfNinetyNineFastAndOneSlowIsFastAndOfNinetyEightAndTwoSlowIsSlow() {
		DurationHistogram histogram = new DurationHistogram();
		for (int i = 0; i < 99; i++) {
			histogram.record(100_000_000);
		}
		histogram.record(3_000_000_000L);
		assertThat(histogram.quantileNanos(0.99)).isCloseTo(100_000_000, within(4_430_000.0));
		assertThat(histogram.quantileNanos(1)).isEqualTo(3_000_000_000.0);
		histogram.record(3_000_000_000L);
		assertThat(histogram.quantileNanos(0.99)).isCloseTo(3_000_000_000.0, within(3_000_000_000.0 * 0.0443));
	}

	@Test
	void mergingEqualsRecordingEverythingInOne() {
		DurationHistogram fast = new DurationHistogram();
		DurationHistogram slow = new DurationHistogram();
		DurationHistogram all = new DurationHistogram();
		for (long nanos = 1_000_000; nanos < 5_000_000; nanos += 10_000) {
			fast.record(nanos);
			all.record(nanos);
		}
		for (long nanos = 1_000_000_000; nanos < 4_000_000_000L; nanos += 10_000_000) {
			slow.record(nanos);
			all.record(nanos);
		}
		DurationHistogram merged = new DurationHistogram();
		merged.add(slow);
		merged.add(fast);
		merged.add(new DurationHistogram());
		for (double quantile : new double[] { 0.1, 0.5, 0.95, 0.99, 1 }) {
			assertThat(merged.quantileNanos(quantile)).isEqualTo(all.quantileNanos(quantile));
		}
		assertThat(merged.count()).isEqualTo(all.count());
	}

	@Test
	void memoryIsBoundedWhateverTheDurations() {
		DurationHistogram histogram = new DurationHistogram();
		histogram.record(0);
		histogram.record(-5);
		histogram.record(Long.MAX_VALUE);
		assertThat(histogram.counters()).isEqualTo(DurationHistogram.MAX_COUNTERS).isLessThan(300);
		// Durations under 1 µs count as 1 µs, except the smallest
		assertThat(histogram.quantileNanos(0.1)).isZero();
		assertThat(histogram.quantileNanos(0.5)).isLessThan(1_000);
		assertThat(histogram.quantileNanos(1)).isEqualTo(Long.MAX_VALUE);
		DurationHistogram similar = new DurationHistogram();
		for (int i = 0; i < 1000; i++) {
			similar.record(50_000_000 + i * 1000);
		}
		assertThat(similar.counters()).isLessThanOrEqualTo(2);
	}

	@Test
	void bucketIndexesAreExactAtPowersOfTwoAndGrowByAnEighthOfAnOctave() {
		assertThat(DurationHistogram.index(1L << 20)).isEqualTo(160);
		assertThat(DurationHistogram.index((1L << 20) - 1)).isEqualTo(159);
		assertThat(DurationHistogram.index((long) Math.ceil(Math.pow(2, 20.125)))).isEqualTo(161);
	}

	@Test
	void anEmptyHistogramHasNoQuantileAndABadQuantileIsRefused() {
		assertThat(new DurationHistogram().quantileNanos(0.5)).isNaN();
		assertThatIllegalArgumentException().isThrownBy(() -> new DurationHistogram().quantileNanos(0))
			.withMessageContaining("(0, 1]");
		assertThatIllegalArgumentException().isThrownBy(() -> new DurationHistogram().quantileNanos(1.5));
	}

}
