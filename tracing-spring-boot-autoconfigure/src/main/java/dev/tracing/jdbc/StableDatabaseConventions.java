package dev.tracing.jdbc;

import java.util.Arrays;
import java.util.List;

import io.opentelemetry.instrumentation.api.internal.SemconvStability;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Opts OpenTelemetry's instrumentation API into the stable database semantic conventions ({@code db.system.name},
 * {@code db.namespace}, {@code db.query.text}, {@code db.operation.name}, {@code db.collection.name}) instead of the
 * older ones ({@code db.system}, {@code db.name}, {@code db.statement}, ...).
 * <p>
 * The instrumentation API reads its only switch, {@value #PROPERTY} (or {@code OTEL_SEMCONV_STABILITY_OPT_IN}), once,
 * when it is first used. Unless that setting already names {@code database} or {@code database/dup}, {@code database}
 * is added to it as a system property, before the JDBC library is first used. If the API was initialized earlier
 * (another library used it first), the older names stay, and a warning says how to fix it.
 */
final class StableDatabaseConventions {

	static final String PROPERTY = "otel.semconv-stability.opt-in";

	static final String ENVIRONMENT_VARIABLE = "OTEL_SEMCONV_STABILITY_OPT_IN";

	private static final Log logger = LogFactory.getLog(StableDatabaseConventions.class);

	private StableDatabaseConventions() {
	}

	static boolean optIn() {
		String current = System.getProperty(PROPERTY);
		if (current == null) {
			current = System.getenv(ENVIRONMENT_VARIABLE);
		}
		String wanted = withDatabase(current);
		if (!wanted.equals(current)) {
			System.setProperty(PROPERTY, wanted);
		}
		boolean stable = SemconvStability.emitStableDatabaseSemconv();
		if (!stable) {
			logger.warn("Database spans use the older semantic conventions (db.statement, db.system, ...): the "
					+ "OpenTelemetry instrumentation API was initialized before the tracing starter could opt in. "
					+ "Start the JVM with -D" + PROPERTY + "=database for the stable ones (db.query.text, ...).");
		}
		return stable;
	}

	static String withDatabase(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return "database";
		}
		List<String> values = Arrays.stream(value.split(",")).map(String::trim).toList();
		return (values.contains("database") || values.contains("database/dup")) ? value : value + ",database";
	}

}
