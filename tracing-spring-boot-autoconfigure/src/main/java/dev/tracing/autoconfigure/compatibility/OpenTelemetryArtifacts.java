package dev.tracing.autoconfigure.compatibility;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * The OpenTelemetry Java artifacts on a class path, with their versions, as each jar records its own in a
 * {@code version.properties} of its root package ({@code sdk.version=1.55.0}).
 * <p>
 * All artifacts of the OpenTelemetry Java SDK release together: the API, the SDK, the exporters and the
 * incubating API ({@code 1.55.0-alpha} beside {@code 1.55.0}) must come from one release. A class path that mixes
 * releases (a library that drags an incubator of another line, a copy of the API in a second jar) fails later with
 * a {@code NoSuchMethodError} deep in the SDK; {@link #clashes()} names it up front.
 *
 * @param artifacts the artifacts found, in the order of {@link #KNOWN}, one entry per jar
 */
record OpenTelemetryArtifacts(List<Artifact> artifacts) {

	/** Root package resource of each artifact, by artifact name. */
	static final Map<String, String> KNOWN;

	static {
		Map<String, String> known = new LinkedHashMap<>();
		known.put("opentelemetry-api", "io/opentelemetry/api");
		known.put("opentelemetry-context", "io/opentelemetry/context");
		known.put("opentelemetry-common", "io/opentelemetry/common");
		known.put("opentelemetry-sdk-common", "io/opentelemetry/sdk/common");
		known.put("opentelemetry-sdk-trace", "io/opentelemetry/sdk/trace");
		known.put("opentelemetry-sdk-metrics", "io/opentelemetry/sdk/metrics");
		known.put("opentelemetry-sdk-logs", "io/opentelemetry/sdk/logs");
		known.put("opentelemetry-sdk", "io/opentelemetry/sdk");
		known.put("opentelemetry-sdk-extension-autoconfigure-spi", "io/opentelemetry/sdk/autoconfigure/spi");
		known.put("opentelemetry-sdk-extension-autoconfigure", "io/opentelemetry/sdk/autoconfigure");
		known.put("opentelemetry-exporter-common", "io/opentelemetry/exporter/internal");
		known.put("opentelemetry-exporter-otlp-common", "io/opentelemetry/exporter/internal/otlp");
		known.put("opentelemetry-exporter-otlp", "io/opentelemetry/exporter/otlp");
		known.put("opentelemetry-exporter-sender-okhttp", "io/opentelemetry/exporter/sender/okhttp/internal");
		known.put("opentelemetry-exporter-sender-jdk", "io/opentelemetry/exporter/sender/jdk/internal");
		known.put("opentelemetry-exporter-logging", "io/opentelemetry/exporter/logging");
		known.put("opentelemetry-extension-trace-propagators", "io/opentelemetry/extension/trace/propagation");
		known.put("opentelemetry-api-incubator", "io/opentelemetry/api/incubator");
		known.put("opentelemetry-sdk-extension-incubator", "io/opentelemetry/sdk/extension/incubator");
		KNOWN = java.util.Collections.unmodifiableMap(known);
	}

	/**
	 * Find the artifacts a class loader sees.
	 * @param classLoader the class loader of the application
	 * @return the artifacts
	 */
	static OpenTelemetryArtifacts find(ClassLoader classLoader) {
		List<Artifact> artifacts = new ArrayList<>();
		KNOWN.forEach((name, root) -> {
			try {
				Enumeration<URL> resources = classLoader.getResources(root + "/version.properties");
				while (resources.hasMoreElements()) {
					URL resource = resources.nextElement();
					String version = version(resource);
					if (version != null) {
						artifacts.add(new Artifact(name, version, location(resource, root)));
					}
				}
			}
			catch (IOException ex) {
				// An unreadable class path entry: nothing to compare, the SDK will tell.
			}
		});
		return new OpenTelemetryArtifacts(artifacts);
	}

	private static @Nullable String version(URL resource) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = resource.openStream()) {
			properties.load(in);
		}
		String version = properties.getProperty("sdk.version");
		return (version != null && !version.isBlank()) ? version.trim() : null;
	}

	private static String location(URL resource, String root) {
		String url = resource.toString();
		String suffix = root + "/version.properties";
		String location = url.endsWith(suffix) ? url.substring(0, url.length() - suffix.length()) : url;
		if (location.startsWith("jar:") && location.endsWith("!/")) {
			location = location.substring(4, location.length() - 2);
		}
		return location;
	}

	/**
	 * The release line of the API, which Spring Boot's dependency management chose.
	 * @return the version of {@code opentelemetry-api}, or {@code null} when it is not found
	 */
	@Nullable String apiVersion() {
		return this.artifacts.stream()
			.filter((artifact) -> artifact.name().equals("opentelemetry-api"))
			.map(Artifact::version)
			.findFirst()
			.orElse(null);
	}

	/**
	 * The artifacts that are not of the API's release: a stable artifact of another version, an incubating one of
	 * another line, or a second copy of an artifact.
	 * @return the clashing artifacts, empty when the class path is consistent
	 */
	List<Artifact> clashes() {
		String line = apiVersion();
		if (line == null) {
			return List.of();
		}
		List<Artifact> clashes = new ArrayList<>();
		Map<String, Artifact> seen = new LinkedHashMap<>();
		for (Artifact artifact : this.artifacts) {
			Artifact first = seen.putIfAbsent(artifact.name(), artifact);
			if (!release(artifact.version()).equals(line)
					|| (first != null && !first.version().equals(artifact.version()))) {
				clashes.add(artifact);
			}
		}
		return clashes;
	}

	// 1.55.0-alpha is of the 1.55.0 release
	private static String release(String version) {
		return version.endsWith("-alpha") ? version.substring(0, version.length() - 6) : version;
	}

	/**
	 * One OpenTelemetry jar.
	 *
	 * @param name the artifact id
	 * @param version the version it records
	 * @param location the jar or directory it was found in
	 */
	record Artifact(String name, String version, String location) {

		@Override
		public String toString() {
			return "io.opentelemetry:" + this.name + ":" + this.version + " (" + this.location + ")";
		}

	}

}
