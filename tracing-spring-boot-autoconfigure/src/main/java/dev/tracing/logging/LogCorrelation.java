package dev.tracing.logging;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.opentelemetry.context.ContextStorage;

import org.springframework.util.ClassUtils;

/**
 * Installs {@link MdcContextStorage}, which keeps the MDC's trace and span ids in step with the current
 * OpenTelemetry context.
 * <p>
 * This is JVM-wide state, because OpenTelemetry's context storage is one per JVM and takes wrappers only until it is
 * first used: the starter installs it while the environment is prepared, before any bean exists, and only when
 * tracing is enabled (with {@code tracing.enabled=false} the JVM is left untouched). The MDC keys live here for the
 * same reason; with several applications in one JVM, the last one prepared sets them.
 */
public final class LogCorrelation {

	private static final boolean AVAILABLE = ClassUtils.isPresent("org.slf4j.MDC", LogCorrelation.class.getClassLoader())
			&& ClassUtils.isPresent("io.opentelemetry.context.ContextStorage", LogCorrelation.class.getClassLoader());

	private static final AtomicBoolean installed = new AtomicBoolean();

	private static final AtomicReference<MdcKeys> keys = new AtomicReference<>(MdcKeys.DEFAULT);

	private LogCorrelation() {
	}

	/**
	 * Install the MDC-updating context storage, once per JVM, with these keys.
	 * @param traceIdKey MDC key of the current trace id
	 * @param spanIdKey MDC key of the current span id
	 */
	public static void install(String traceIdKey, String spanIdKey) {
		keys.set(new MdcKeys(traceIdKey, spanIdKey));
		if (AVAILABLE && installed.compareAndSet(false, true)) {
			ContextStorage.addWrapper((storage) -> new MdcContextStorage(storage, keys::get));
		}
	}

}
