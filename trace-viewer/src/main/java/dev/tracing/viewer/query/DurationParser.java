package dev.tracing.viewer.query;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations the way Jaeger does (Go's {@code time.ParseDuration}): a sequence of
 * decimal numbers with a unit, such as {@code 150ms}, {@code 1.5s}, {@code 500us} or
 * {@code 1h30m}. {@code d} (days) is accepted too, for lookbacks such as {@code 2d}.
 */
final class DurationParser {

	private static final Pattern COMPONENT = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h|d)");

	private static final Map<String, Long> NANOS_PER_UNIT = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
			"ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L, "d",
			86_400_000_000_000L);

	private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

	private DurationParser() {
	}

	/**
	 * Parse a duration.
	 * @param text the text to parse
	 * @return the duration
	 * @throws IllegalArgumentException if the text is not a duration
	 */
	static Duration parse(String text) {
		String trimmed = text.trim();
		if (trimmed.equals("0")) {
			return Duration.ZERO;
		}
		Matcher matcher = COMPONENT.matcher(trimmed);
		BigDecimal nanos = BigDecimal.ZERO;
		int position = 0;
		while (position < trimmed.length()) {
			if (!matcher.find(position) || matcher.start() != position) {
				throw new IllegalArgumentException("cannot parse '" + text
						+ "' as a duration: use a number with a unit (ns, us, ms, s, m, h), e.g. 150ms, 1.5s or 500us");
			}
			BigDecimal unit = BigDecimal.valueOf(NANOS_PER_UNIT.get(matcher.group(2)));
			nanos = nanos.add(new BigDecimal(matcher.group(1)).multiply(unit));
			position = matcher.end();
		}
		if (position == 0) {
			throw new IllegalArgumentException("cannot parse an empty value as a duration");
		}
		if (nanos.compareTo(MAX_NANOS) > 0) {
			throw new IllegalArgumentException("duration '" + text + "' is too long");
		}
		return Duration.ofNanos(nanos.longValue());
	}

}
