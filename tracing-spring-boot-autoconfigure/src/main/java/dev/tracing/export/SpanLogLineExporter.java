package dev.tracing.export;

import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs one readable line per finished span, for local work without a collector:
 * <pre>
 * payment-service SERVER 'POST /payments' 12.345 ms ERROR(card declined) trace=4bf9… span=00f0… parent=-- {http.route=/payments}
 * </pre>
 */
public final class SpanLogLineExporter implements SpanExporter {

	private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

	private final Log logger;

	private final AtomicBoolean shutdown = new AtomicBoolean();

	public SpanLogLineExporter() {
		this(LogFactory.getLog(SpanLogLineExporter.class));
	}

	SpanLogLineExporter(Log logger) {
		this.logger = logger;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		if (this.shutdown.get()) {
			return CompletableResultCode.ofFailure();
		}
		for (SpanData span : spans) {
			this.logger.info(format(span));
		}
		return CompletableResultCode.ofSuccess();
	}

	static String format(SpanData span) {
		StringBuilder line = new StringBuilder(256);
		line.append(span.getResource().getAttributes().get(SERVICE_NAME)).append(' ');
		line.append(span.getKind()).append(" '").append(span.getName()).append("' ");
		long nanos = span.getEndEpochNanos() - span.getStartEpochNanos();
		line.append(String.format(Locale.ROOT, "%.3f ms ", nanos / 1_000_000.0));
		line.append(span.getStatus().getStatusCode());
		if (span.getStatus().getStatusCode() == StatusCode.ERROR && !span.getStatus().getDescription().isEmpty()) {
			line.append('(').append(span.getStatus().getDescription()).append(')');
		}
		line.append(" trace=").append(span.getTraceId());
		line.append(" span=").append(span.getSpanId());
		line.append(" parent=").append(span.getParentSpanContext().isValid() ? span.getParentSpanId() : "--");
		line.append(" {");
		int[] count = { 0 };
		span.getAttributes().forEach((key, value) -> {
			line.append((count[0]++ > 0) ? ", " : "").append(key.getKey()).append('=').append(value);
		});
		return line.append('}').toString();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		this.shutdown.set(true);
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public String toString() {
		return "SpanLogLineExporter";
	}

}
