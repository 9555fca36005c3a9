package dev.tracing.jdbc;

import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import org.jspecify.annotations.Nullable;

/**
 * The {@link OpenTelemetry} handed to OpenTelemetry's JDBC library: the application's, with two changes to the
 * spans the library starts.
 * <ul>
 * <li>Names follow the database semantic conventions, {@code {db.operation.name} {db.collection.name}}
 * ({@code SELECT users}), else the operation alone; the library prefixes the collection with the database name.</li>
 * <li>Recording spans are {@link DbSpan}s, which last until their result set is read.</li>
 * </ul>
 * Spans that do not record are returned as they are: nothing is added on that path.
 */
final class DbSpanTelemetry implements OpenTelemetry {

	static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");

	static final AttributeKey<String> DB_COLLECTION_NAME = AttributeKey.stringKey("db.collection.name");

	private final OpenTelemetry delegate;

	private final TracerProvider tracerProvider;

	DbSpanTelemetry(OpenTelemetry delegate) {
		this.delegate = delegate;
		this.tracerProvider = new DbTracerProvider(delegate.getTracerProvider());
	}

	@Override
	public TracerProvider getTracerProvider() {
		return this.tracerProvider;
	}

	@Override
	public MeterProvider getMeterProvider() {
		return this.delegate.getMeterProvider();
	}

	@Override
	public ContextPropagators getPropagators() {
		return this.delegate.getPropagators();
	}

	/**
	 * Names a database span from its attributes, as the conventions say.
	 * @param operation the value of {@code db.operation.name}, if any
	 * @param collection the value of {@code db.collection.name}, if any
	 * @return the name, or {@code null} to keep the library's
	 */
	static @Nullable String spanName(@Nullable String operation, @Nullable String collection) {
		if (operation == null || operation.isEmpty()) {
			return null;
		}
		return (collection != null && !collection.isEmpty()) ? operation + " " + collection : operation;
	}

	private record DbTracerProvider(TracerProvider delegate) implements TracerProvider {

		@Override
		public Tracer get(String instrumentationScopeName) {
			return new DbTracer(this.delegate.get(instrumentationScopeName));
		}

		@Override
		public Tracer get(String instrumentationScopeName, String instrumentationScopeVersion) {
			return new DbTracer(this.delegate.get(instrumentationScopeName, instrumentationScopeVersion));
		}

		@Override
		public TracerBuilder tracerBuilder(String instrumentationScopeName) {
			return new DbTracerBuilder(this.delegate.tracerBuilder(instrumentationScopeName));
		}

	}

	private record DbTracerBuilder(TracerBuilder delegate) implements TracerBuilder {

		@Override
		public TracerBuilder setSchemaUrl(String schemaUrl) {
			this.delegate.setSchemaUrl(schemaUrl);
			return this;
		}

		@Override
		public TracerBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
			this.delegate.setInstrumentationVersion(instrumentationScopeVersion);
			return this;
		}

		@Override
		public Tracer build() {
			return new DbTracer(this.delegate.build());
		}

	}

	private record DbTracer(Tracer delegate) implements Tracer {

		@Override
		public SpanBuilder spanBuilder(String spanName) {
			return new DbSpanBuilder(this.delegate.spanBuilder(spanName));
		}

	}

	private static final class DbSpanBuilder implements SpanBuilder {

		private final SpanBuilder delegate;

		private @Nullable String operation;

		private @Nullable String collection;

		DbSpanBuilder(SpanBuilder delegate) {
			this.delegate = delegate;
		}

		@Override
		public SpanBuilder setParent(Context context) {
			this.delegate.setParent(context);
			return this;
		}

		@Override
		public SpanBuilder setNoParent() {
			this.delegate.setNoParent();
			return this;
		}

		@Override
		public SpanBuilder addLink(SpanContext spanContext) {
			this.delegate.addLink(spanContext);
			return this;
		}

		@Override
		public SpanBuilder addLink(SpanContext spanContext, Attributes attributes) {
			this.delegate.addLink(spanContext, attributes);
			return this;
		}

		@Override
		public SpanBuilder setAttribute(String key, String value) {
			return setAttribute(AttributeKey.stringKey(key), value);
		}

		@Override
		public SpanBuilder setAttribute(String key, long value) {
			this.delegate.setAttribute(key, value);
			return this;
		}

		@Override
		public SpanBuilder setAttribute(String key, double value) {
			this.delegate.setAttribute(key, value);
			return this;
		}

		@Override
		public SpanBuilder setAttribute(String key, boolean value) {
			this.delegate.setAttribute(key, value);
			return this;
		}

		@Override
		public <T> SpanBuilder setAttribute(AttributeKey<T> key, @Nullable T value) {
			if (key.equals(DB_OPERATION_NAME)) {
				this.operation = (String) value;
			}
			else if (key.equals(DB_COLLECTION_NAME)) {
				this.collection = (String) value;
			}
			this.delegate.setAttribute(key, value);
			return this;
		}

		@Override
		public SpanBuilder setSpanKind(SpanKind spanKind) {
			this.delegate.setSpanKind(spanKind);
			return this;
		}

		@Override
		public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
			this.delegate.setStartTimestamp(startTimestamp, unit);
			return this;
		}

		@Override
		public Span startSpan() {
			Span span = this.delegate.startSpan();
			if (!span.isRecording()) {
				return span;
			}
			String name = spanName(this.operation, this.collection);
			if (name != null) {
				span.updateName(name);
			}
			return new DbSpan(span);
		}

	}

}
