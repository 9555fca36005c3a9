package dev.tracing.web.servlet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

	public SkipPatterns(List<String> patterns) {
		List<String> prefixes = new ArrayList<>();
		List<String> antPatterns = new ArrayList<>();
		for (String pattern : patterns) {
			String trimmed = pattern.trim();
			if (!trimmed.startsWith("/")) {
				throw new IllegalArgumentException(
						"Invalid skip pattern '" + pattern + "': a path pattern starts with '/', such as '/actuator/**'");
			}
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
