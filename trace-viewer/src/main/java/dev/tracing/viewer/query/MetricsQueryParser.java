package dev.tracing.viewer.query;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.tracing.viewer.metrics.SpanMetrics;
import dev.tracing.viewer.store.StoredSpan;
import org.jspecify.annotations.Nullable;

import org.springframework.util.MultiValueMap;

/**
 * Turns the parameters of Jaeger's {@code /api/metrics/{type}} into a
 * {@link SpanMetrics.Query}, with Jaeger's names, units (milliseconds) and defaults,
 * except {@code ratePer}: each point covers one {@code step} unless it is given.
 */
final class MetricsQueryParser {

	static final long DEFAULT_LOOKBACK_MILLIS = 3_600_000;

	static final long DEFAULT_STEP_MILLIS = 5_000;

	private final Clock clock;

	MetricsQueryParser(Clock clock) {
		this.clock = clock;
	}

	SpanMetrics.Query parse(MultiValueMap<String, String> parameters) {
		Set<String> services = services(parameters);
		boolean groupByOperation = bool(parameters, "groupByOperation");
		Set<StoredSpan.Kind> kinds = spanKinds(parameters);
		Long endTs = millis(parameters, "endTs", false);
		long end = (endTs != null) ? endTs : this.clock.millis();
		long lookback = positive(parameters, "lookback", DEFAULT_LOOKBACK_MILLIS);
		long step = positive(parameters, "step", DEFAULT_STEP_MILLIS);
		long window = positive(parameters, "ratePer", step);
		return new SpanMetrics.Query(services, kinds, groupByOperation, end, lookback, step, window);
	}

	static double quantile(MultiValueMap<String, String> parameters) {
		String value = value(parameters, "quantile");
		if (value == null) {
			throw new InvalidQueryException("quantile", "required, a number in (0, 1] such as 0.95");
		}
		try {
			double quantile = Double.parseDouble(value.trim());
			if (!(quantile > 0 && quantile <= 1)) {
				throw new InvalidQueryException("quantile", "must be in (0, 1], was " + value);
			}
			return quantile;
		}
		catch (NumberFormatException ex) {
			throw new InvalidQueryException("quantile", "cannot parse '" + value + "' as a number");
		}
	}

	private static Set<String> services(MultiValueMap<String, String> parameters) {
		Set<String> services = new LinkedHashSet<>();
		for (String value : parameters.getOrDefault("service", List.of())) {
			for (String service : value.split(",")) {
				if (!service.isBlank()) {
					services.add(service.trim());
				}
			}
		}
		if (services.isEmpty()) {
			throw new InvalidQueryException("service", "please provide at least one service name");
		}
		return services;
	}

	private static Set<StoredSpan.Kind> spanKinds(MultiValueMap<String, String> parameters) {
		List<String> values = new ArrayList<>();
		for (String value : parameters.getOrDefault("spanKind", List.of())) {
			for (String kind : value.split(",")) {
				if (!kind.isBlank()) {
					values.add(kind.trim());
				}
			}
		}
		if (values.isEmpty()) {
			return EnumSet.of(StoredSpan.Kind.SERVER);
		}
		Set<StoredSpan.Kind> kinds = EnumSet.noneOf(StoredSpan.Kind.class);
		for (String value : values) {
			String name = value.toUpperCase(Locale.ROOT);
			name = name.startsWith("SPAN_KIND_") ? name.substring("SPAN_KIND_".length()) : name;
			try {
				kinds.add(StoredSpan.Kind.valueOf(name));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidQueryException("spanKind", "unsupported span kind '" + value
						+ "', use unspecified, internal, server, client, producer or consumer");
			}
		}
		return kinds;
	}

	// Go's strconv.ParseBool, which Jaeger uses
	private static boolean bool(MultiValueMap<String, String> parameters, String name) {
		String value = value(parameters, name);
		if (value == null) {
			return false;
		}
		return switch (value.trim()) {
			case "1", "t", "T", "true", "TRUE", "True" -> true;
			case "0", "f", "F", "false", "FALSE", "False" -> false;
			default -> throw new InvalidQueryException(name, "cannot parse '" + value + "' as a boolean");
		};
	}

	private static long positive(MultiValueMap<String, String> parameters, String name, long defaultValue) {
		Long value = millis(parameters, name, true);
		return (value != null) ? value : defaultValue;
	}

	private static @Nullable Long millis(MultiValueMap<String, String> parameters, String name, boolean duration) {
		String value = value(parameters, name);
		if (value == null) {
			return null;
		}
		try {
			long millis = Long.parseLong(value.trim());
			if (duration ? millis <= 0 : millis < 0) {
				throw new InvalidQueryException(name, "must be " + (duration ? "positive" : "not negative")
						+ ", was " + value);
			}
			return millis;
		}
		catch (NumberFormatException ex) {
			throw new InvalidQueryException(name, "cannot parse '" + value + "' as a whole number of milliseconds"
					+ (duration ? "" : " since the epoch"));
		}
	}

	private static @Nullable String value(MultiValueMap<String, String> parameters, String name) {
		String value = parameters.getFirst(name);
		return (value == null || value.isBlank()) ? null : value;
	}

}
