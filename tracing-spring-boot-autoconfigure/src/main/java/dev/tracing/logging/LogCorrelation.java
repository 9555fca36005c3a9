package dev.tracing.logging;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.opentelemetry.context.ContextStorage;

import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Installs {@link MdcContextStorage} as soon as the application starts, before any OpenTelemetry context is used:
 * OpenTelemetry's context storage is one per JVM and takes wrappers only until it is first used. This is why the
 * keys live in a static holder, set from {@code tracing.logging.mdc.*} when the context is prepared.
 */
public final class LogCorrelation implements GenericApplicationListener {

	private static final boolean AVAILABLE = ClassUtils.isPresent("org.slf4j.MDC", LogCorrelation.class.getClassLoader())
			&& ClassUtils.isPresent("io.opentelemetry.context.ContextStorage", LogCorrelation.class.getClassLoader());

	private static final AtomicBoolean installed = new AtomicBoolean();

	private static final AtomicReference<MdcKeys> keys = new AtomicReference<>(MdcKeys.DEFAULT);

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public boolean supportsEventType(ResolvableType eventType) {
		Class<?> type = eventType.getRawClass();
		return type != null && ApplicationStartingEvent.class.isAssignableFrom(type);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		install();
	}

	public static void install() {
		if (AVAILABLE && installed.compareAndSet(false, true)) {
			ContextStorage.addWrapper((storage) -> new MdcContextStorage(storage, keys::get));
		}
	}

	/**
	 * Sets the MDC keys used from now on.
	 * @param traceIdKey MDC key of the trace id
	 * @param spanIdKey MDC key of the span id
	 */
	public static void useKeys(String traceIdKey, String spanIdKey) {
		keys.set(new MdcKeys(traceIdKey, spanIdKey));
	}

}
