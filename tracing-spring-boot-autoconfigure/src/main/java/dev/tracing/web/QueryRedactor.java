package dev.tracing.web;

import java.util.Collection;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Replaces the value of every query parameter with {@code REDACTED}, except for allow-listed keys: query strings
 * carry tokens, e-mail addresses and ids that a trace backend read by many people must not store.
 */
public final class QueryRedactor {

	public static final String REDACTED = "REDACTED";

	private final Set<String> allowedKeys;

	public QueryRedactor(Collection<String> allowedKeys) {
		this.allowedKeys = Set.copyOf(allowedKeys);
	}

	/**
	 * Redacts a raw (still percent-encoded) query string, without its leading {@code ?}.
	 * @param query the query string, may be {@code null}
	 * @return the redacted query string, or {@code null} for no query
	 */
	public @Nullable String redact(@Nullable String query) {
		if (query == null || query.isEmpty()) {
			return query;
		}
		StringBuilder redacted = new StringBuilder(query.length());
		int start = 0;
		while (start <= query.length()) {
			int end = query.indexOf('&', start);
			if (end < 0) {
				end = query.length();
			}
			if (start > 0) {
				redacted.append('&');
			}
			int equals = query.indexOf('=', start);
			if (equals < 0 || equals > end) {
				redacted.append(query, start, end);
			}
			else {
				String key = query.substring(start, equals);
				redacted.append(key).append('=');
				redacted.append(this.allowedKeys.contains(key) ? query.substring(equals + 1, end) : REDACTED);
			}
			start = end + 1;
		}
		return redacted.toString();
	}

}
