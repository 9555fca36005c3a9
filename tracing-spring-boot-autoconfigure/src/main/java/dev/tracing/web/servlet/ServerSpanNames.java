package dev.tracing.web.servlet;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tracing.web.HttpSemantics;

/**
 * Server span names, {@code {method} {route}}, kept per route so that a request does not build the same string again.
 * Routes are templates, so there are few; past {@link #MAX_CACHED} names are built per request and not kept.
 */
final class ServerSpanNames {

	static final int MAX_CACHED = 1024;

	private final ConcurrentMap<String, ConcurrentMap<String, String>> byMethod = new ConcurrentHashMap<>();

	private final AtomicInteger cached = new AtomicInteger();

	String name(String method, String route) {
		String prefix = HttpSemantics.spanNameMethod(method);
		ConcurrentMap<String, String> byRoute = this.byMethod.get(prefix);
		if (byRoute == null) {
			byRoute = this.byMethod.computeIfAbsent(prefix, (key) -> new ConcurrentHashMap<>());
		}
		String name = byRoute.get(route);
		if (name == null) {
			name = prefix + " " + route;
			if (this.cached.get() < MAX_CACHED && byRoute.putIfAbsent(route, name) == null) {
				this.cached.incrementAndGet();
			}
		}
		return name;
	}

	int size() {
		return this.byMethod.values().stream().mapToInt(ConcurrentMap::size).sum();
	}

}
