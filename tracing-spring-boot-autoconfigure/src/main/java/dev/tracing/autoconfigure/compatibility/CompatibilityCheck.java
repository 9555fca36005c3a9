package dev.tracing.autoconfigure.compatibility;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Stops start-up, before any bean is created, when the application runs a Spring Boot line the starter does not
 * support or has OpenTelemetry artifacts of mixed releases on its class path; warns once on a newer Boot line than
 * the starter was tested with. Does nothing with {@code tracing.enabled=false}.
 * <p>
 * Uses only types that Spring Boot 3 has too, so that an application on an older line gets this message rather
 * than a {@code NoClassDefFoundError} from an auto-configuration.
 */
public final class CompatibilityCheck implements GenericApplicationListener {

	/** The Spring Boot lines the starter is built and tested against. */
	static final List<String> SUPPORTED_LINES = List.of("4.0", "4.1");

	private static final Log logger = LogFactory.getLog(CompatibilityCheck.class);

	@Override
	public int getOrder() {
		// After Boot's EnvironmentPostProcessorApplicationListener (HIGHEST_PRECEDENCE + 10) has loaded the
		// application's configuration, so that tracing.enabled is known.
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

	@Override
	public boolean supportsEventType(ResolvableType eventType) {
		Class<?> type = eventType.getRawClass();
		return type != null && ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		ApplicationEnvironmentPreparedEvent prepared = (ApplicationEnvironmentPreparedEvent) event;
		ConfigurableEnvironment environment = prepared.getEnvironment();
		if (!environment.getProperty("tracing.enabled", Boolean.class, true)) {
			return;
		}
		ClassLoader classLoader = prepared.getSpringApplication().getClassLoader();
		check(SpringBootVersion.getVersion(), OpenTelemetryArtifacts
			.find((classLoader != null) ? classLoader : CompatibilityCheck.class.getClassLoader()));
	}

	static void check(@Nullable String bootVersion, OpenTelemetryArtifacts artifacts) {
		checkBootLine(bootVersion);
		checkOpenTelemetry(artifacts);
	}

	private static void checkBootLine(@Nullable String bootVersion) {
		if (bootVersion == null) {
			return;
		}
		String[] parts = bootVersion.split("\\.");
		if (parts.length < 2 || SUPPORTED_LINES.contains(parts[0] + "." + parts[1])) {
			return;
		}
		String supported = SUPPORTED_LINES.stream().map((line) -> line + ".x").collect(Collectors.joining(" and "));
		if (isOlder(parts, SUPPORTED_LINES.get(0).split("\\."))) {
			throw new IncompatibleClassPathException("The tracing starter supports Spring Boot " + supported
					+ "; this application runs Spring Boot " + bootVersion + ".",
					"Upgrade the application to Spring Boot " + supported.replace(" and ", " or ")
							+ ", or remove tracing-spring-boot-starter from its dependencies.");
		}
		logger.warn("The tracing starter was tested with Spring Boot " + supported + "; this application runs "
				+ bootVersion + ". Report what fails; tracing.enabled=false switches the starter off.");
	}

	private static boolean isOlder(String[] version, String[] oldestSupported) {
		try {
			int major = Integer.parseInt(version[0]);
			int oldestMajor = Integer.parseInt(oldestSupported[0]);
			return major < oldestMajor
					|| (major == oldestMajor && Integer.parseInt(version[1]) < Integer.parseInt(oldestSupported[1]));
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static void checkOpenTelemetry(OpenTelemetryArtifacts artifacts) {
		List<OpenTelemetryArtifacts.Artifact> clashes = artifacts.clashes();
		if (clashes.isEmpty()) {
			return;
		}
		String line = artifacts.apiVersion();
		StringBuilder description = new StringBuilder("OpenTelemetry artifacts of different releases are on the class ")
			.append("path. Spring Boot manages OpenTelemetry ")
			.append(line)
			.append(" (io.opentelemetry:opentelemetry-api:")
			.append(line)
			.append("); these are of another release and fail at run time with NoSuchMethodError or ")
			.append("NoClassDefFoundError:\n");
		clashes.forEach((clash) -> description.append("\n    ").append(clash));
		description.append('\n');
		String names = clashes.stream().map(OpenTelemetryArtifacts.Artifact::name).distinct().collect(
				Collectors.joining(", "));
		throw new IncompatibleClassPathException(description.toString(),
				"Let Spring Boot's dependency management choose every io.opentelemetry version: remove the explicit "
						+ "version, or the dependency that brings " + names + " (find it with `mvn dependency:tree "
						+ "-Dincludes=io.opentelemetry` or `gradle dependencyInsight --dependency " + names.split(", ")[0]
						+ "`). An OpenTelemetry instrumentation library (io.opentelemetry.instrumentation, -alpha) "
						+ "must be the release built on OpenTelemetry " + line + "; the tracing starter needs none.");
	}

}
