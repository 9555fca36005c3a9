package dev.tracing.messaging;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Destinations (topics, exchanges, queues) that get no spans: the broker's internal ones ({@code __consumer_offsets},
 * {@code __transaction_state}, {@code amq.*}) and those the application names, exactly or with {@code *} for any
 * characters.
 */
public final class DestinationFilter {

	private static final DestinationFilter INTERNAL_ONLY = new DestinationFilter(List.of());

	private final List<Pattern> skipped;

	private DestinationFilter(List<Pattern> skipped) {
		this.skipped = skipped;
	}

	/**
	 * Create a filter.
	 * @param skipPatterns destination names, {@code *} matching any characters
	 * @return the filter
	 * @throws IllegalArgumentException when a pattern is blank
	 */
	public static DestinationFilter of(List<String> skipPatterns) {
		if (skipPatterns.isEmpty()) {
			return INTERNAL_ONLY;
		}
		return new DestinationFilter(skipPatterns.stream().map(DestinationFilter::compile).toList());
	}

	private static Pattern compile(String pattern) {
		if (pattern == null || pattern.isBlank()) {
			throw new IllegalArgumentException("A destination pattern must not be blank");
		}
		StringBuilder regex = new StringBuilder();
		for (String part : pattern.trim().split("\\*", -1)) {
			if (!regex.isEmpty()) {
				regex.append(".*");
			}
			regex.append(Pattern.quote(part));
		}
		return Pattern.compile(regex.toString());
	}

	/**
	 * Whether a destination gets spans.
	 * @param destination the topic, exchange or queue name; may be empty (the default exchange)
	 * @return whether to trace it
	 */
	public boolean isTraced(String destination) {
		if (destination.startsWith("__") || destination.startsWith("amq.")) {
			return false;
		}
		for (Pattern pattern : this.skipped) {
			if (pattern.matcher(destination).matches()) {
				return false;
			}
		}
		return true;
	}

}
