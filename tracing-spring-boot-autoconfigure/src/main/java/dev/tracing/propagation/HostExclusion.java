package dev.tracing.propagation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Hosts that must never receive trace context or baggage, such as third-party APIs: internal ids and baggage do not
 * leak to them. A pattern is an exact host ({@code api.stripe.com}) or a wildcard for every sub-domain
 * ({@code *.stripe.com}, which does not match {@code stripe.com} itself). Matching ignores case.
 */
public final class HostExclusion {

	private static final Pattern HOST = Pattern.compile("(\\*\\.)?[A-Za-z0-9.-]+");

	private static final HostExclusion NONE = new HostExclusion(List.of());

	private final Set<String> exactHosts = new HashSet<>();

	private final List<String> domainSuffixes = new ArrayList<>();

	private HostExclusion(List<String> patterns) {
		for (String pattern : patterns) {
			String problem = problem(pattern);
			if (problem != null) {
				throw new IllegalArgumentException("Invalid host pattern '" + pattern + "': " + problem);
			}
			String normalized = pattern.trim().toLowerCase(Locale.ROOT);
			if (normalized.startsWith("*.")) {
				this.domainSuffixes.add(normalized.substring(1));
			}
			else {
				this.exactHosts.add(normalized);
			}
		}
	}

	/**
	 * What is wrong with a host pattern, the one rule both this class and the validation of
	 * {@code tracing.propagation.exclude-hosts} apply.
	 * @param pattern the pattern
	 * @return the problem, or {@code null} when the pattern is valid
	 */
	public static @Nullable String problem(@Nullable String pattern) {
		return (pattern != null && HOST.matcher(pattern.trim()).matches()) ? null
				: "each entry must be a host such as 'api.stripe.com', or '*.stripe.com' for every sub-domain";
	}

	public static HostExclusion of(List<String> patterns) {
		return patterns.isEmpty() ? NONE : new HostExclusion(patterns);
	}

	public static HostExclusion none() {
		return NONE;
	}

	public boolean isExcluded(@Nullable String host) {
		if (host == null || (this.exactHosts.isEmpty() && this.domainSuffixes.isEmpty())) {
			return false;
		}
		String normalized = host.toLowerCase(Locale.ROOT);
		if (this.exactHosts.contains(normalized)) {
			return true;
		}
		for (String suffix : this.domainSuffixes) {
			if (normalized.endsWith(suffix)) {
				return true;
			}
		}
		return false;
	}

}
