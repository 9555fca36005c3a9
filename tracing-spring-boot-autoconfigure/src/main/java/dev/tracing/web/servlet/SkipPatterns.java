package dev.tracing.web.servlet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.AntPathMatcher;

/**
 * Ant-style path patterns of requests that get no span (health checks, favicon). Matched on every request, so the
 * common shapes take a fast path: exact paths are a set look-up, {@code /prefix/**} a prefix test; only other
 * patterns go through {@link AntPathMatcher}.
 */
public final class SkipPatterns {

	private final Set<String> exact = new HashSet<>();

	// Arrays, not lists: no iterator per request.
	private final String[] prefixes;

	private final String[] antPatterns;

	private final AntPathMatcher matcher = new AntPathMatcher();

	/**
	 * What is wrong with a skip pattern, the one rule both this class and the validation of
	 * {@code tracing.http.server.skip-patterns} apply.
	 * @param pattern the pattern
	 * @return the problem, or {@code null} when the pattern is valid
	 */
	public static @Nullable String problem(@Nullable String pattern) {
		return (pattern != null && pattern.trim().startsWith("/")) ? null
				: "each pattern must be a path starting with '/', such as '/actuator/**'";
	}

	public SkipPatterns(List<String> patterns) {
		List<String> prefixes = new ArrayList<>();
		List<String> antPatterns = new ArrayList<>();
		for (String pattern : patterns) {
			String problem = problem(pattern);
			if (problem != null) {
				throw new IllegalArgumentException("Invalid skip pattern '" + pattern + "': " + problem);
			}
			String trimmed = pattern.trim();
			if (!this.matcher.isPattern(trimmed)) {
				this.exact.add(trimmed);
			}
			else if (trimmed.endsWith("/**") && !this.matcher.isPattern(trimmed.substring(0, trimmed.length() - 3))) {
				String base = trimmed.substring(0, trimmed.length() - 3);
				this.exact.add(base.isEmpty() ? "/" : base);
				prefixes.add(base + "/");
			}
			else {
				antPatterns.add(trimmed);
			}
		}
		this.prefixes = prefixes.toArray(String[]::new);
		this.antPatterns = antPatterns.toArray(String[]::new);
	}

	public boolean matches(String path) {
		if (this.exact.contains(path)) {
			return true;
		}
		for (String prefix : this.prefixes) {
			if (path.startsWith(prefix)) {
				return true;
			}
		}
		for (String pattern : this.antPatterns) {
			if (this.matcher.match(pattern, path)) {
				return true;
			}
		}
		return false;
	}

}
