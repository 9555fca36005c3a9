package dev.tracing.viewer.query;

import java.util.Locale;

/**
 * Trace ids as the query API accepts them. Jaeger prints ids without leading zeros, so
 * shorter ids are padded, as Jaeger does.
 */
final class TraceIds {

	private static final int LENGTH = 32;

	private TraceIds() {
	}

	static String normalize(String parameter, String traceId) {
		String id = traceId.trim().toLowerCase(Locale.ROOT);
		if (id.isEmpty() || id.length() > LENGTH || !id.chars().allMatch(TraceIds::isHexDigit)) {
			throw new InvalidQueryException(parameter,
					"'" + abbreviate(traceId) + "' is not a trace id: expected up to 32 hex characters");
		}
		return "0".repeat(LENGTH - id.length()) + id;
	}

	private static boolean isHexDigit(int c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
	}

	private static String abbreviate(String text) {
		return (text.length() <= 40) ? text : text.substring(0, 40) + "...";
	}

}
