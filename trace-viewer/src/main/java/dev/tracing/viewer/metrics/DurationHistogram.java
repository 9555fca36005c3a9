package dev.tracing.viewer.metrics;

import java.util.Arrays;

/**
 * Counts of durations in logarithmic buckets, eight per power of two, so that a quantile
 * read from it is within 4.5% of the duration it stands for. Only the range of buckets
 * that received a duration is allocated: a histogram of similar durations is a few
 * counters. Durations are clamped to 1 µs .. 2^47 ns (about 39 hours), so a histogram
 * never holds more than {@value #MAX_COUNTERS} counters. Not thread-safe.
 */
public final class DurationHistogram {

	/** Buckets per power of two: each bucket is 2^(1/8), about 9%, wider than the previous one. */
	static final int BUCKETS_PER_OCTAVE = 8;

	static final long MIN_NANOS = 1_000;

	static final long MAX_NANOS = 1L << 47;

	private static final int MIN_INDEX = index(MIN_NANOS);

	private static final int MAX_INDEX = index(MAX_NANOS);

	static final int MAX_COUNTERS = MAX_INDEX - MIN_INDEX + 1;

	private long[] counts = new long[0];

	/** The bucket index of counts[0]. */
	private int offset;

	private long count;

	private long minNanos = Long.MAX_VALUE;

	private long maxNanos = Long.MIN_VALUE;

	/**
	 * Count one duration.
	 * @param nanos the duration in nanoseconds; negative ones count as zero
	 */
	public void record(long nanos) {
		long duration = Math.max(0, nanos);
		int index = index(Math.min(Math.max(duration, MIN_NANOS), MAX_NANOS));
		grow(index, index);
		this.counts[index - this.offset]++;
		this.count++;
		this.minNanos = Math.min(this.minNanos, duration);
		this.maxNanos = Math.max(this.maxNanos, duration);
	}

	/**
	 * Add the counts of another histogram to this one.
	 * @param other the histogram to add
	 */
	public void add(DurationHistogram other) {
		if (other.count == 0) {
			return;
		}
		grow(other.offset, other.offset + other.counts.length - 1);
		for (int i = 0; i < other.counts.length; i++) {
			this.counts[other.offset + i - this.offset] += other.counts[i];
		}
		this.count += other.count;
		this.minNanos = Math.min(this.minNanos, other.minNanos);
		this.maxNanos = Math.max(this.maxNanos, other.maxNanos);
	}

	public long count() {
		return this.count;
	}

	/**
	 * Return the duration under which the given fraction of the counted durations lie
	 * (nearest rank): the geometric middle of the bucket holding that rank, kept within
	 * the smallest and largest duration counted. The first and the last rank are the
	 * smallest and largest duration, exactly.
	 * @param quantile the fraction, in (0, 1]
	 * @return the duration in nanoseconds, or {@code NaN} when nothing was counted
	 */
	public double quantileNanos(double quantile) {
		if (!(quantile > 0 && quantile <= 1)) {
			throw new IllegalArgumentException("quantile must be in (0, 1], was " + quantile);
		}
		if (this.count == 0) {
			return Double.NaN;
		}
		long rank = Math.max(1, (long) Math.ceil(quantile * this.count));
		if (rank == this.count) {
			return this.maxNanos;
		}
		if (rank == 1) {
			return this.minNanos;
		}
		long seen = 0;
		for (int i = 0; i < this.counts.length; i++) {
			seen += this.counts[i];
			if (seen >= rank) {
				double middle = Math.pow(2, (this.offset + i + 0.5) / BUCKETS_PER_OCTAVE);
				return Math.min(Math.max(middle, this.minNanos), this.maxNanos);
			}
		}
		return this.maxNanos;
	}

	/**
	 * Return the number of counters allocated, for tests of the memory bound.
	 * @return the number of counters
	 */
	int counters() {
		return this.counts.length;
	}

	private void grow(int fromIndex, int toIndex) {
		if (this.counts.length == 0) {
			this.counts = new long[toIndex - fromIndex + 1];
			this.offset = fromIndex;
			return;
		}
		int first = Math.min(fromIndex, this.offset);
		int last = Math.max(toIndex, this.offset + this.counts.length - 1);
		if (first == this.offset && last == this.offset + this.counts.length - 1) {
			return;
		}
		long[] grown = new long[last - first + 1];
		System.arraycopy(this.counts, 0, grown, this.offset - first, this.counts.length);
		this.counts = grown;
		this.offset = first;
	}

	static int index(long nanos) {
		// floor(log2(nanos) * 8), exact at powers of two where floating point could round down
		int octave = 63 - Long.numberOfLeadingZeros(nanos);
		double fraction = Math.log((double) nanos / (1L << octave)) / Math.log(2);
		int step = Math.min(BUCKETS_PER_OCTAVE - 1, (int) Math.floor(fraction * BUCKETS_PER_OCTAVE));
		return octave * BUCKETS_PER_OCTAVE + step;
	}

	@Override
	public String toString() {
		return "DurationHistogram[count=" + this.count + ", offset=" + this.offset + ", counts="
				+ Arrays.toString(this.counts) + "]";
	}

}
