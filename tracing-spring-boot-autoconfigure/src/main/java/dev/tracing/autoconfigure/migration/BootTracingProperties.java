package dev.tracing.autoconfigure.migration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * What becomes of Spring Boot's own tracing keys when the starter configures tracing: each key the application set
 * under {@code management.tracing}, {@code management.opentelemetry} or {@code management.otlp.tracing} is either
 * mapped onto its {@code tracing.*} equivalent (unless that is set too, which wins) or reported with what to use
 * instead. Nothing is silently ignored. Keys that Spring Boot itself still honours with the starter present
 * (exemplars, log export) are left alone.
 *
 * @param mapped the {@code tracing.*} values to add, by key
 * @param reports one line per key that is not honoured, or honoured in part
 */
record BootTracingProperties(Map<String, Object> mapped, List<String> reports) {

	private static final String[] ROOTS = { "management.tracing", "management.opentelemetry",
			"management.otlp.tracing" };

	// Still Spring Boot's business with the starter present
	private static final String[] LEFT_TO_BOOT = { "management.tracing.exemplars", "management.opentelemetry.logging" };

	private static final List<Rule> RULES = List.of(
			Rule.report("management.tracing.enabled",
					"it switches Spring Boot's own tracing; the starter is switched with tracing.enabled"),
			Rule.map("management.tracing.sampling.probability", "tracing.sampling.ratio"),
			Rule.map("management.tracing.export.enabled", "tracing.export.type", exportSwitch()),
			Rule.map("management.tracing.export.otlp.enabled", "tracing.export.type", exportSwitch()),
			Rule.map("management.tracing.propagation.type", "tracing.propagation.types"),
			Rule.report("management.tracing.propagation.produce",
					"set tracing.propagation.types: the starter injects and extracts the same formats"),
			Rule.report("management.tracing.propagation.consume",
					"set tracing.propagation.types: the starter injects and extracts the same formats"),
			Rule.report("management.tracing.baggage",
					"W3C baggage is propagated when tracing.propagation.types lists 'baggage'; baggage fields are not "
							+ "copied to the MDC or to span attributes"),
			Rule.report("management.tracing.export.zipkin", "the starter exports OTLP only (tracing.export.*)"),
			Rule.report("management.tracing.brave", "the starter traces with OpenTelemetry, not Brave"),
			Rule.report("management.tracing.opentelemetry.export.include-unsampled",
					"unsampled spans are never exported by the starter"),
			Rule.report("management.opentelemetry.tracing.export.include-unsampled",
					"unsampled spans are never exported by the starter"),
			Rule.map("management.tracing.opentelemetry.export.max-batch-size", "tracing.export.batch.max-batch-size"),
			Rule.map("management.tracing.opentelemetry.export.max-queue-size", "tracing.export.batch.max-queue-size"),
			Rule.map("management.tracing.opentelemetry.export.schedule-delay", "tracing.export.batch.schedule-delay"),
			Rule.map("management.tracing.opentelemetry.export.timeout", "tracing.export.batch.export-timeout"),
			Rule.map("management.opentelemetry.tracing.export.max-batch-size", "tracing.export.batch.max-batch-size"),
			Rule.map("management.opentelemetry.tracing.export.max-queue-size", "tracing.export.batch.max-queue-size"),
			Rule.map("management.opentelemetry.tracing.export.schedule-delay", "tracing.export.batch.schedule-delay"),
			Rule.map("management.opentelemetry.tracing.export.timeout", "tracing.export.batch.export-timeout"),
			Rule.map("management.opentelemetry.tracing.export.otlp.endpoint", "tracing.export.otlp.endpoint"),
			Rule.map("management.opentelemetry.tracing.export.otlp.headers", "tracing.export.otlp.headers"),
			Rule.map("management.opentelemetry.tracing.export.otlp.compression", "tracing.export.otlp.compression"),
			Rule.map("management.opentelemetry.tracing.export.otlp.timeout", "tracing.export.otlp.timeout"),
			Rule.map("management.opentelemetry.tracing.export.otlp.transport", "tracing.export.otlp.protocol",
					transport()),
			Rule.map("management.opentelemetry.tracing.export.otlp.ssl.bundle", "tracing.export.otlp.ssl.bundle"),
			Rule.report("management.opentelemetry.tracing.export.otlp.connect-timeout",
					"the starter has one timeout per export request: tracing.export.otlp.timeout"),
			Rule.map("management.otlp.tracing.endpoint", "tracing.export.otlp.endpoint"),
			Rule.map("management.otlp.tracing.headers", "tracing.export.otlp.headers"),
			Rule.map("management.otlp.tracing.compression", "tracing.export.otlp.compression"),
			Rule.map("management.otlp.tracing.timeout", "tracing.export.otlp.timeout"),
			Rule.map("management.otlp.tracing.transport", "tracing.export.otlp.protocol", transport()),
			Rule.map("management.otlp.tracing.export.enabled", "tracing.export.type", exportSwitch()),
			Rule.report("management.otlp.tracing.connect-timeout",
					"the starter has one timeout per export request: tracing.export.otlp.timeout"),
			Rule.map("management.opentelemetry.resource-attributes", "tracing.resource.attributes"),
			Rule.report("management.opentelemetry.tracing.sampler",
					"set tracing.sampling.ratio (parent-based ratio sampling), or declare a Sampler bean"),
			Rule.map("management.opentelemetry.tracing.limits", "tracing.span-limits"),
			Rule.report("management.opentelemetry.enabled", "set tracing.enabled"),
			Rule.report("management.opentelemetry.map-environment-variables",
					"the starter reads the OTEL_* variables itself"));

	/**
	 * Work out what to map and what to report for an environment.
	 * @param environment the application's environment
	 * @return the result
	 */
	static BootTracingProperties of(Environment environment) {
		Binder binder = Binder.get(environment);
		Map<String, Object> mapped = new LinkedHashMap<>();
		List<String> reports = new ArrayList<>();
		for (ConfigurationProperty property : setProperties(environment)) {
			String name = property.getName().toString();
			Rule rule = rule(name);
			String origin = origin(property.getOrigin());
			if (rule == null) {
				reports.add(name + origin + ": not a Spring Boot setting the tracing starter knows; see tracing.*");
			}
			else if (rule.tracingKey() == null) {
				reports.add(name + origin + ": not used with the tracing starter; " + rule.hint());
			}
			else {
				String target = rule.tracingKey() + indexless(name).substring(rule.bootKey().length());
				if (isSet(binder, target)) {
					reports.add(name + origin + ": not used, " + target + " is set and wins");
					continue;
				}
				Object value = value(binder, name, rule);
				if (value != null) {
					mapped.put(target, value);
				}
			}
		}
		return new BootTracingProperties(mapped, reports);
	}

	private static Set<ConfigurationProperty> setProperties(Environment environment) {
		Map<String, ConfigurationProperty> found = new LinkedHashMap<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			iterable.stream().filter(BootTracingProperties::isBootTracingKey).forEach((name) -> {
				ConfigurationProperty property = source.getConfigurationProperty(name);
				if (property != null) {
					found.putIfAbsent(indexless(name.toString()), property);
				}
			});
		}
		return new LinkedHashSet<>(found.values());
	}

	private static boolean isBootTracingKey(ConfigurationPropertyName name) {
		String value = name.toString();
		for (String root : LEFT_TO_BOOT) {
			if (value.equals(root) || value.startsWith(root + ".")) {
				return false;
			}
		}
		for (String root : ROOTS) {
			if (value.equals(root) || value.startsWith(root + ".")) {
				return true;
			}
		}
		return false;
	}

	// A list written as type[0], type[1] is one setting
	private static String indexless(String name) {
		int bracket = name.indexOf('[');
		return (bracket < 0) ? name : name.substring(0, bracket);
	}

	private static @Nullable Rule rule(String name) {
		Rule best = null;
		for (Rule rule : RULES) {
			if ((name.equals(rule.bootKey()) || name.startsWith(rule.bootKey() + ".") || name.startsWith(rule.bootKey() + "["))
					&& (best == null || rule.bootKey().length() > best.bootKey().length())) {
				best = rule;
			}
		}
		return best;
	}

	private static boolean isSet(Binder binder, String tracingKey) {
		return binder.bind(tracingKey, Bindable.of(Object.class)).isBound()
				|| binder.bind(tracingKey, Bindable.mapOf(String.class, Object.class)).isBound();
	}

	private static @Nullable Object value(Binder binder, String name, Rule rule) {
		String key = indexless(name);
		if (rule.bootKey().equals("management.tracing.propagation.type")) {
			List<String> types = binder.bind(key, Bindable.listOf(String.class)).orElseGet(List::of);
			boolean baggage = !Boolean.FALSE
				.equals(binder.bind("management.tracing.baggage.enabled", Boolean.class).orElse(null));
			return propagationTypes(types, baggage);
		}
		String value = binder.bind(key, String.class).orElse(null);
		return (value != null) ? rule.convert().apply(value) : null;
	}

	static String propagationTypes(List<String> bootTypes, boolean baggage) {
		Set<String> types = new LinkedHashSet<>();
		for (String type : bootTypes) {
			switch (type.trim().toUpperCase(Locale.ROOT).replace('-', '_')) {
				case "W3C" -> {
					types.add("tracecontext");
					if (baggage) {
						types.add("baggage");
					}
				}
				case "B3" -> types.add("b3");
				case "B3_MULTI" -> types.add("b3multi");
				default -> types.add(type.trim());
			}
		}
		return String.join(",", types);
	}

	private static String origin(@Nullable Origin origin) {
		return (origin != null) ? " (" + origin + ")" : "";
	}

	private static Function<String, @Nullable Object> exportSwitch() {
		return (value) -> Boolean.parseBoolean(value.trim()) ? null : "none";
	}

	private static Function<String, @Nullable Object> transport() {
		return (value) -> value.trim().equalsIgnoreCase("http") ? "http/protobuf" : value.trim().toLowerCase(Locale.ROOT);
	}

	/**
	 * What becomes of one of Spring Boot's keys, or of every key under it.
	 *
	 * @param bootKey Spring Boot's key
	 * @param tracingKey the {@code tracing.*} key it maps onto, or {@code null} when it is only reported
	 * @param convert the value as {@code tracing.*} takes it, or {@code null} for nothing to map
	 * @param hint what to use instead, for a reported key
	 */
	private record Rule(String bootKey, @Nullable String tracingKey, Function<String, @Nullable Object> convert,
			String hint) {

		static Rule map(String bootKey, String tracingKey) {
			return new Rule(bootKey, tracingKey, (value) -> value, "");
		}

		static Rule map(String bootKey, String tracingKey, Function<String, @Nullable Object> convert) {
			return new Rule(bootKey, tracingKey, convert, "");
		}

		static Rule report(String bootKey, String hint) {
			return new Rule(bootKey, null, (value) -> value, hint);
		}

	}

}
