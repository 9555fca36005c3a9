package dev.tracing.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Reads the OpenTelemetry SDK's environment variables that apply to traces, as the specification writes them, and
 * maps each onto the {@code tracing.*} property that means the same. Everything the starter does then follows from
 * {@code tracing.*}, whatever set it.
 * <p>
 * Hand-parsed: the SDK's own parser ({@code DefaultConfigProperties}) lives in an {@code internal} package of the
 * autoconfigure SPI, which is no API to build on. The rules followed are the specification's: an empty value is
 * unset, enumerations ignore case, durations are whole milliseconds (the Java SDK's unit suffixes {@code ms}, {@code s},
 * {@code m}, {@code h}, {@code d} are accepted too), a per-signal variable ({@code OTEL_EXPORTER_OTLP_TRACES_*}) wins
 * over the generic one, and header values are percent-decoded.
 * <p>
 * Precedence is decided by the caller's {@code explicit} predicate: a group of variables whose {@code tracing.*}
 * counterpart is set anywhere is not read at all (so a malformed value there is not an error either).
 */
final class OtelEnvironmentVariables {

	static final String SSL_BUNDLE = "otel-exporter-otlp";

	/** Variables read for traces, with the property each one maps onto (for the README and the notices). */
	static final Map<String, String> SUPPORTED;

	/** Trace variables of the specification that the starter cannot honour: reported, never silently ignored. */
	static final Map<String, String> UNSUPPORTED = Map.of("OTEL_EXPORTER_ZIPKIN_ENDPOINT",
			"the Zipkin exporter is not supported; use OTLP", "OTEL_EXPORTER_ZIPKIN_TIMEOUT",
			"the Zipkin exporter is not supported; use OTLP", "OTEL_CONFIG_FILE",
			"declarative configuration files are not supported; use tracing.* properties",
			"OTEL_EXPERIMENTAL_CONFIG_FILE",
			"declarative configuration files are not supported; use tracing.* properties",
			"OTEL_TRACES_SAMPLER_ARG", "only read with OTEL_TRACES_SAMPLER=traceidratio or parentbased_traceidratio");

	/** Prefixes of variables about other signals or about the Java agent: not for this starter, told once. */
	static final List<String> OTHER_SIGNALS = List.of("OTEL_METRICS_", "OTEL_METRIC_", "OTEL_LOGS_", "OTEL_BLRP_",
			"OTEL_EXEMPLAR_", "OTEL_EXPORTER_OTLP_METRICS_", "OTEL_EXPORTER_OTLP_LOGS_", "OTEL_EXPORTER_PROMETHEUS_",
			"OTEL_JAVAAGENT_", "OTEL_INSTRUMENTATION_", "OTEL_JAVA_", "OTEL_JMX_", "OTEL_LOGRECORD_");

	private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

	private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d+");

	static {
		Map<String, String> supported = new LinkedHashMap<>();
		supported.put("OTEL_SDK_DISABLED", "tracing.enabled");
		supported.put("OTEL_SERVICE_NAME", "service.name");
		supported.put("OTEL_RESOURCE_ATTRIBUTES", "resource attributes");
		supported.put("OTEL_TRACES_EXPORTER", "tracing.export.type");
		supported.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "tracing.export.otlp.traces-endpoint");
		supported.put("OTEL_EXPORTER_OTLP_ENDPOINT", "tracing.export.otlp.endpoint");
		supported.put("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "tracing.export.otlp.protocol");
		supported.put("OTEL_EXPORTER_OTLP_PROTOCOL", "tracing.export.otlp.protocol");
		supported.put("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "tracing.export.otlp.headers");
		supported.put("OTEL_EXPORTER_OTLP_HEADERS", "tracing.export.otlp.headers");
		supported.put("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "tracing.export.otlp.compression");
		supported.put("OTEL_EXPORTER_OTLP_COMPRESSION", "tracing.export.otlp.compression");
		supported.put("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "tracing.export.otlp.timeout");
		supported.put("OTEL_EXPORTER_OTLP_TIMEOUT", "tracing.export.otlp.timeout");
		supported.put("OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "tracing.export.otlp.ssl.bundle");
		supported.put("OTEL_EXPORTER_OTLP_CERTIFICATE", "tracing.export.otlp.ssl.bundle");
		supported.put("OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", "tracing.export.otlp.ssl.bundle");
		supported.put("OTEL_EXPORTER_OTLP_CLIENT_KEY", "tracing.export.otlp.ssl.bundle");
		supported.put("OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", "tracing.export.otlp.ssl.bundle");
		supported.put("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", "tracing.export.otlp.ssl.bundle");
		supported.put("OTEL_TRACES_SAMPLER", "tracing.sampling.ratio, tracing.sampling.parent-based");
		supported.put("OTEL_PROPAGATORS", "tracing.propagation.types");
		supported.put("OTEL_BSP_SCHEDULE_DELAY", "tracing.export.batch.schedule-delay");
		supported.put("OTEL_BSP_EXPORT_TIMEOUT", "tracing.export.batch.export-timeout");
		supported.put("OTEL_BSP_MAX_QUEUE_SIZE", "tracing.export.batch.max-queue-size");
		supported.put("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "tracing.export.batch.max-batch-size");
		supported.put("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "tracing.span-limits.max-attributes");
		supported.put("OTEL_ATTRIBUTE_COUNT_LIMIT", "tracing.span-limits.max-attributes (and per event, per link)");
		supported.put("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "tracing.span-limits.max-attribute-value-length");
		supported.put("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "tracing.span-limits.max-attribute-value-length");
		supported.put("OTEL_SPAN_EVENT_COUNT_LIMIT", "tracing.span-limits.max-events");
		supported.put("OTEL_SPAN_LINK_COUNT_LIMIT", "tracing.span-limits.max-links");
		supported.put("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", "tracing.span-limits.max-attributes-per-event");
		supported.put("OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", "tracing.span-limits.max-attributes-per-link");
		supported.put("OTEL_RESOURCE_ATTRIBUTES_POD_NAME", "k8s.pod.name");
		supported.put("OTEL_RESOURCE_ATTRIBUTES_POD_UID", "k8s.pod.uid");
		supported.put("OTEL_RESOURCE_ATTRIBUTES_NODE_NAME", "k8s.node.name");
		supported.put("OTEL_SEMCONV_STABILITY_OPT_IN", "database span conventions");
		SUPPORTED = Map.copyOf(supported);
	}

	private final Function<String, @Nullable String> variables;

	private final Predicate<String> explicit;

	private final Map<String, Mapped> properties = new LinkedHashMap<>();

	private final List<Problem> problems = new ArrayList<>();

	private final List<String> overridden = new ArrayList<>();

	private final List<String> notices = new ArrayList<>();

	/**
	 * @param variables the value of a variable, {@code null} when unset
	 * @param explicit whether a {@code tracing.*} property (or another Spring property) is set by the application
	 */
	private OtelEnvironmentVariables(Function<String, @Nullable String> variables, Predicate<String> explicit) {
		this.variables = variables;
		this.explicit = explicit;
	}

	static Result read(Function<String, @Nullable String> variables, Predicate<String> explicit) {
		OtelEnvironmentVariables reader = new OtelEnvironmentVariables(variables, explicit);
		reader.readAll();
		return new Result(List.copyOf(reader.properties.values()), List.copyOf(reader.problems),
				List.copyOf(reader.overridden), List.copyOf(reader.notices));
	}

	/**
	 * Variable names set in the process environment that the starter neither reads nor knows to be about another
	 * signal, for the notice at start-up.
	 */
	static List<String> unknown(Set<String> names) {
		return names.stream()
			.filter((name) -> name.startsWith("OTEL_"))
			.filter((name) -> !SUPPORTED.containsKey(name) && !UNSUPPORTED.containsKey(name))
			.filter((name) -> OTHER_SIGNALS.stream().noneMatch(name::startsWith))
			.sorted()
			.toList();
	}

	/**
	 * Variable names set in the process environment that belong to other signals or to the Java agent, for one
	 * informational line at start-up.
	 */
	static List<String> otherSignals(Set<String> names) {
		return names.stream()
			.filter((name) -> OTHER_SIGNALS.stream().anyMatch(name::startsWith))
			.sorted()
			.toList();
	}

	private void readAll() {
		if (group("tracing.enabled")) {
			String disabled = value("OTEL_SDK_DISABLED");
			if (disabled != null) {
				switch (disabled.toLowerCase(Locale.ROOT)) {
					case "true" -> put("tracing.enabled", "false", "OTEL_SDK_DISABLED");
					case "false" -> put("tracing.enabled", "true", "OTEL_SDK_DISABLED");
					default -> problem("OTEL_SDK_DISABLED", disabled, "'true' or 'false'");
				}
			}
		}
		else {
			overridden("OTEL_SDK_DISABLED", "tracing.enabled");
		}
		if ("false".equals(propertyValue("tracing.enabled"))) {
			return;
		}
		readExporter();
		readEndpoint();
		readProtocol();
		readHeaders();
		readCompression();
		readTimeout();
		readCertificates();
		readSampler();
		readPropagators();
		readResourceAttributes();
		readDuration("OTEL_BSP_SCHEDULE_DELAY", "tracing.export.batch.schedule-delay");
		readDuration("OTEL_BSP_EXPORT_TIMEOUT", "tracing.export.batch.export-timeout");
		readWholeNumber("tracing.export.batch.max-queue-size", "OTEL_BSP_MAX_QUEUE_SIZE");
		readWholeNumber("tracing.export.batch.max-batch-size", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE");
		readWholeNumber("tracing.span-limits.max-attributes", "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT",
				"OTEL_ATTRIBUTE_COUNT_LIMIT");
		readWholeNumber("tracing.span-limits.max-attribute-value-length", "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT",
				"OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT");
		readWholeNumber("tracing.span-limits.max-events", "OTEL_SPAN_EVENT_COUNT_LIMIT");
		readWholeNumber("tracing.span-limits.max-links", "OTEL_SPAN_LINK_COUNT_LIMIT");
		readWholeNumber("tracing.span-limits.max-attributes-per-event", "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT",
				"OTEL_ATTRIBUTE_COUNT_LIMIT");
		readWholeNumber("tracing.span-limits.max-attributes-per-link", "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT",
				"OTEL_ATTRIBUTE_COUNT_LIMIT");
		for (Map.Entry<String, String> entry : UNSUPPORTED.entrySet()) {
			if (!entry.getKey().equals("OTEL_TRACES_SAMPLER_ARG") && value(entry.getKey()) != null) {
				this.notices.add(entry.getKey() + " is not supported: " + entry.getValue());
			}
		}
	}

	private void readExporter() {
		String variable = "OTEL_TRACES_EXPORTER";
		String value = unlessOverridden(variable, "tracing.export.type");
		if (value == null) {
			return;
		}
		List<String> exporters = list(value);
		String allowed = "one of 'otlp', 'console' (one line per span on the console) or 'none'";
		if (exporters.size() != 1) {
			problem(variable, value, allowed + "; the starter exports to one exporter, not a list");
			return;
		}
		switch (exporters.get(0)) {
			case "otlp" -> put("tracing.export.type", "otlp", variable);
			case "console", "logging" -> put("tracing.export.type", "logging", variable);
			case "none" -> put("tracing.export.type", "none", variable);
			default -> problem(variable, value, allowed);
		}
	}

	private void readEndpoint() {
		String tracesVariable = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
		String genericVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
		String traces = value(tracesVariable);
		String generic = value(genericVariable);
		if (traces == null && generic == null) {
			return;
		}
		if (!group("tracing.export.otlp.endpoint", "tracing.export.otlp.traces-endpoint")) {
			overridden((traces != null) ? tracesVariable : genericVariable, "tracing.export.otlp.endpoint");
			return;
		}
		String variable = (traces != null) ? tracesVariable : genericVariable;
		String url = (traces != null) ? traces : Objects.requireNonNull(generic);
		if (!TracingProperties.isHttpUrl(url)) {
			problem(variable, url, "an absolute http:// or https:// URL with a host, such as http://collector:4318");
			return;
		}
		put((traces != null) ? "tracing.export.otlp.traces-endpoint" : "tracing.export.otlp.endpoint", url,
				variable);
	}

	private void readProtocol() {
		String variable = signal("PROTOCOL");
		String value = unlessOverridden(variable, "tracing.export.otlp.protocol");
		if (value == null) {
			return;
		}
		switch (value.toLowerCase(Locale.ROOT)) {
			case "http/protobuf" -> put("tracing.export.otlp.protocol", "http/protobuf", variable);
			case "grpc" -> put("tracing.export.otlp.protocol", "grpc", variable);
			default -> problem(variable, value,
					"'http/protobuf' or 'grpc' (http/json is not supported by the OpenTelemetry Java exporters)");
		}
	}

	private void readHeaders() {
		String variable = signal("HEADERS");
		String value = value(variable);
		if (value == null) {
			return;
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String member : value.split(",")) {
			if (member.isBlank()) {
				continue;
			}
			int equals = member.indexOf('=');
			String name = (equals > 0) ? member.substring(0, equals).trim() : "";
			if (name.isEmpty() || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
				problem(variable, redact(value), "a comma-separated list of name=value pairs, such as "
						+ "'api-key=secret,tenant=acme' (values percent-encoded); '" + redact(member)
						+ "' is not one");
				return;
			}
			String decoded = percentDecode(member.substring(equals + 1).trim());
			if (decoded == null) {
				problem(variable, redact(value), "values percent-encoded as in a URL (%2C for a comma); the value of '"
						+ name + "' is not");
				return;
			}
			headers.put(name, decoded);
		}
		headers.forEach((name, decoded) -> {
			String property = "tracing.export.otlp.headers[" + name + "]";
			if (this.explicit.test(property)) {
				overridden(variable + " (" + name + ")", "tracing.export.otlp.headers." + name);
			}
			else {
				put(property, decoded, variable);
			}
		});
	}

	private void readCompression() {
		String variable = signal("COMPRESSION");
		String value = unlessOverridden(variable, "tracing.export.otlp.compression");
		if (value == null) {
			return;
		}
		switch (value.toLowerCase(Locale.ROOT)) {
			case "gzip" -> put("tracing.export.otlp.compression", "gzip", variable);
			case "none" -> put("tracing.export.otlp.compression", "none", variable);
			default -> problem(variable, value, "'gzip' or 'none'");
		}
	}

	private void readTimeout() {
		readDuration(signal("TIMEOUT"), "tracing.export.otlp.timeout");
	}

	private void readCertificates() {
		String certificate = signal("CERTIFICATE");
		String clientKey = signal("CLIENT_KEY");
		String clientCertificate = signal("CLIENT_CERTIFICATE");
		if (value(certificate) == null && value(clientKey) == null && value(clientCertificate) == null) {
			return;
		}
		if (!group("tracing.export.otlp.ssl.bundle")) {
			overridden(firstSet(certificate, clientKey, clientCertificate), "tracing.export.otlp.ssl.bundle");
			return;
		}
		String prefix = "spring.ssl.bundle.pem." + SSL_BUNDLE + ".";
		boolean ok = true;
		if (value(certificate) != null) {
			ok &= readableFile(certificate);
		}
		if ((value(clientKey) == null) != (value(clientCertificate) == null)) {
			String missing = (value(clientKey) == null) ? clientKey : clientCertificate;
			problem(missing, "", "set together with " + ((value(clientKey) == null) ? clientCertificate : clientKey)
					+ ": a client certificate needs its private key");
			ok = false;
		}
		else if (value(clientKey) != null) {
			ok &= readableFile(clientKey);
			ok &= readableFile(clientCertificate);
		}
		if (!ok) {
			return;
		}
		if (value(certificate) != null) {
			put(prefix + "truststore.certificate", "file:" + value(certificate), certificate);
		}
		if (value(clientKey) != null) {
			put(prefix + "keystore.certificate", "file:" + value(clientCertificate), clientCertificate);
			put(prefix + "keystore.private-key", "file:" + value(clientKey), clientKey);
		}
		put("tracing.export.otlp.ssl.bundle", SSL_BUNDLE, firstSet(certificate, clientKey, clientCertificate));
	}

	private void readSampler() {
		String variable = "OTEL_TRACES_SAMPLER";
		String argVariable = "OTEL_TRACES_SAMPLER_ARG";
		String sampler = value(variable);
		String arg = value(argVariable);
		if (sampler == null) {
			if (arg != null) {
				this.notices.add(argVariable + " is ignored: " + UNSUPPORTED.get(argVariable));
			}
			return;
		}
		if (!group("tracing.sampling.ratio", "tracing.sampling.parent-based")) {
			overridden(variable, "tracing.sampling.ratio");
			return;
		}
		String name = sampler.toLowerCase(Locale.ROOT);
		boolean parentBased = name.startsWith("parentbased_");
		String root = parentBased ? name.substring("parentbased_".length()) : name;
		String ratio;
		switch (root) {
			case "always_on" -> ratio = "1.0";
			case "always_off" -> ratio = "0.0";
			case "traceidratio" -> {
				ratio = ratio(argVariable, arg);
				if (ratio == null) {
					return;
				}
			}
			case "jaeger_remote", "xray" -> {
				problem(variable, sampler, "one of always_on, always_off, traceidratio, parentbased_always_on, "
						+ "parentbased_always_off, parentbased_traceidratio; '" + sampler
						+ "' is not supported by the starter (use a Sampler bean)");
				return;
			}
			default -> {
				problem(variable, sampler, "one of always_on, always_off, traceidratio, parentbased_always_on, "
						+ "parentbased_always_off, parentbased_traceidratio");
				return;
			}
		}
		if (arg != null && !root.equals("traceidratio")) {
			this.notices.add(argVariable + " is ignored: " + UNSUPPORTED.get(argVariable));
		}
		put("tracing.sampling.ratio", ratio, variable);
		put("tracing.sampling.parent-based", Boolean.toString(parentBased), variable);
	}

	private @Nullable String ratio(String variable, @Nullable String arg) {
		if (arg == null) {
			return "1.0";
		}
		try {
			double ratio = Double.parseDouble(arg);
			if (ratio >= 0.0 && ratio <= 1.0) {
				return Double.toString(ratio);
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		problem(variable, arg, "a number from 0.0 to 1.0, the fraction of new traces sampled");
		return null;
	}

	private void readPropagators() {
		String variable = "OTEL_PROPAGATORS";
		String value = unlessOverridden(variable, "tracing.propagation.types");
		if (value == null) {
			return;
		}
		List<String> types = new ArrayList<>();
		for (String propagator : list(value)) {
			switch (propagator) {
				case "tracecontext", "baggage", "b3", "b3multi", "jaeger" -> types.add(propagator);
				case "none" -> {
				}
				case "xray", "ottrace" -> {
					problem(variable, value, "a list of tracecontext, baggage, b3, b3multi, jaeger or none; '"
							+ propagator + "' is not supported by the starter");
					return;
				}
				default -> {
					problem(variable, value, "a list of tracecontext, baggage, b3, b3multi, jaeger or none");
					return;
				}
			}
		}
		if (list(value).contains("none") && !types.isEmpty()) {
			problem(variable, value, "'none' alone, or a list without 'none'");
			return;
		}
		put("tracing.propagation.types", String.join(",", types), variable);
	}

	// Read by the resource factory; checked here so that a malformed value stops start-up.
	private void readResourceAttributes() {
		String variable = "OTEL_RESOURCE_ATTRIBUTES";
		String value = value(variable);
		if (value == null) {
			return;
		}
		for (String member : value.split(",")) {
			if (member.isBlank()) {
				continue;
			}
			int equals = member.indexOf('=');
			if (equals <= 0 || member.substring(0, equals).isBlank()) {
				problem(variable, value, "a comma-separated list of key=value pairs, such as "
						+ "'team=payments,cluster=eu-1'; '" + member.trim() + "' is not one");
				return;
			}
			if (percentDecode(member.substring(equals + 1).trim()) == null) {
				problem(variable, value, "values percent-encoded as in a URL; the value of '"
						+ member.substring(0, equals).trim() + "' is not");
				return;
			}
		}
	}

	private void readDuration(String variable, String property) {
		String value = unlessOverridden(variable, property);
		if (value == null) {
			return;
		}
		Matcher matcher = DURATION.matcher(value);
		if (!matcher.matches()) {
			problem(variable, value, "a whole number of milliseconds, such as 5000");
			return;
		}
		if (Long.parseLong(matcher.group(1)) == 0) {
			problem(variable, value, "a positive number of milliseconds; 0 (no limit) is not supported, so that an "
					+ "unresponsive collector cannot hold the export thread for ever");
			return;
		}
		put(property, matcher.group(1) + ((matcher.group(2) != null) ? matcher.group(2) : "ms"), variable);
	}

	private void readWholeNumber(String property, String... variablesInOrder) {
		String variable = firstSet(variablesInOrder);
		String value = unlessOverridden(variable, property);
		if (value == null) {
			return;
		}
		if (!WHOLE_NUMBER.matcher(value).matches() || value.length() > 9) {
			problem(variable, value, "a whole number from 0 to 999999999");
			return;
		}
		put(property, value, variable);
	}

	private boolean readableFile(String variable) {
		String path = value(variable);
		if (path != null && Files.isReadable(Path.of(path)) && !Files.isDirectory(Path.of(path))) {
			return true;
		}
		problem(variable, String.valueOf(path), "the path of a readable PEM file");
		return false;
	}

	/**
	 * The value of a variable, unless one of the properties it would set is set explicitly, which wins (the variable
	 * is then noted as overridden, under the first property).
	 * @param variable the variable
	 * @param properties the properties it sets, as one unit
	 * @return its value, or {@code null} when it is not set or is overridden
	 */
	private @Nullable String unlessOverridden(String variable, String... properties) {
		String value = value(variable);
		if (value == null) {
			return null;
		}
		if (!group(properties)) {
			overridden(variable, properties[0]);
			return null;
		}
		return value;
	}

	private boolean group(String... properties) {
		for (String property : properties) {
			if (this.explicit.test(property)) {
				return false;
			}
		}
		return true;
	}

	private @Nullable String propertyValue(String property) {
		Mapped mapped = this.properties.get(property);
		return (mapped != null) ? mapped.value() : null;
	}

	private String signal(String setting) {
		String traces = "OTEL_EXPORTER_OTLP_TRACES_" + setting;
		return (value(traces) != null) ? traces : "OTEL_EXPORTER_OTLP_" + setting;
	}

	private String firstSet(String... variablesInOrder) {
		for (String variable : variablesInOrder) {
			if (value(variable) != null) {
				return variable;
			}
		}
		return variablesInOrder[0];
	}

	private @Nullable String value(String variable) {
		String value = this.variables.apply(variable);
		return StringUtils.hasText(value) ? value.trim() : null;
	}

	private void put(String property, String value, String variable) {
		this.properties.put(property, new Mapped(property, value, variable));
	}

	private void problem(String variable, String value, String allowed) {
		this.problems.add(new Problem(variable, value, allowed));
	}

	private void overridden(String variable, String property) {
		this.overridden.add(variable + " (overridden by " + property + ")");
	}

	private static List<String> list(String value) {
		return StringUtils.commaDelimitedListToSet(value.toLowerCase(Locale.ROOT))
			.stream()
			.map(String::trim)
			.filter((item) -> !item.isEmpty())
			.toList();
	}

	static @Nullable String percentDecode(String value) {
		try {
			return StringUtils.uriDecode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	// Header values are credentials more often than not: never print them.
	private static String redact(String headers) {
		return headers.replaceAll("=[^,]*", "=****");
	}

	/**
	 * A {@code tracing.*} (or {@code spring.ssl.bundle.*}) property set from a variable.
	 */
	record Mapped(String property, String value, String variable) {
	}

	/**
	 * A variable whose value cannot be honoured.
	 */
	record Problem(String variable, String value, String allowed) {
	}

	/**
	 * What the variables say: properties to add, problems that stop start-up, variables overridden by
	 * {@code tracing.*} and notices about values that are read but not acted upon.
	 */
	record Result(List<Mapped> properties, List<Problem> problems, List<String> overridden, List<String> notices) {
	}

}
