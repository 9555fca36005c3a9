package dev.tracing.viewer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * Builds OTLP protobuf messages for tests.
 */
public final class OtlpSpans {

	private static final HexFormat HEX = HexFormat.of();

	/** A fixed base time, recent enough for default lookbacks to be irrelevant. */
	public static final long BASE_NANOS = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());

	private OtlpSpans() {
	}

	public static String randomTraceId() {
		return randomHex(16);
	}

	public static String randomSpanId() {
		return randomHex(8);
	}

	private static String randomHex(int bytes) {
		byte[] id = new byte[bytes];
		ThreadLocalRandom.current().nextBytes(id);
		id[0] |= 0x10; // never all zeros
		return HEX.formatHex(id);
	}

	public static String uniqueService(String prefix) {
		return prefix + "-" + randomHex(3);
	}

	public static ByteString bytes(String hex) {
		return ByteString.copyFrom(HEX.parseHex(hex));
	}

	public static SpanBuilder span(String traceId, String name) {
		return new SpanBuilder(traceId, name);
	}

	public static ResourceSpans resourceSpans(String serviceName, Span... spans) {
		return resourceSpans(serviceName, List.of(), spans);
	}

	public static ResourceSpans resourceSpans(String serviceName, List<KeyValue> extraAttributes, Span... spans) {
		Resource resource = Resource.newBuilder()
			.addAttributes(attribute("service.name", serviceName))
			.addAllAttributes(extraAttributes)
			.build();
		return ResourceSpans.newBuilder()
			.setResource(resource)
			.addScopeSpans(ScopeSpans.newBuilder()
				.setScope(InstrumentationScope.newBuilder().setName("test-scope").setVersion("1.2.3"))
				.addAllSpans(Arrays.asList(spans)))
			.build();
	}

	public static ExportTraceServiceRequest request(ResourceSpans... resourceSpans) {
		return ExportTraceServiceRequest.newBuilder().addAllResourceSpans(Arrays.asList(resourceSpans)).build();
	}

	public static KeyValue attribute(String key, String value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
	}

	public static KeyValue attribute(String key, long value) {
		return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
	}

	public static KeyValue attribute(String key, AnyValue value) {
		return KeyValue.newBuilder().setKey(key).setValue(value).build();
	}

	/**
	 * Builds one span; times are relative to {@link #BASE_NANOS}, in milliseconds.
	 */
	public static final class SpanBuilder {

		private final Span.Builder span = Span.newBuilder();

		private long startNanos = BASE_NANOS;

		private long durationNanos = TimeUnit.MILLISECONDS.toNanos(1);

		private final List<Span.Event> events = new ArrayList<>();

		SpanBuilder(String traceId, String name) {
			this.span.setTraceId(bytes(traceId)).setSpanId(bytes(randomSpanId())).setName(name);
		}

		public SpanBuilder id(String spanId) {
			this.span.setSpanId(bytes(spanId));
			return this;
		}

		public SpanBuilder parent(String parentSpanId) {
			this.span.setParentSpanId(bytes(parentSpanId));
			return this;
		}

		public SpanBuilder kind(Span.SpanKind kind) {
			this.span.setKind(kind);
			return this;
		}

		public SpanBuilder startMillis(double offsetMillis) {
			this.startNanos = BASE_NANOS + (long) (offsetMillis * 1_000_000);
			return this;
		}

		public SpanBuilder startNanos(long epochNanos) {
			this.startNanos = epochNanos;
			return this;
		}

		public SpanBuilder durationMillis(double millis) {
			this.durationNanos = (long) (millis * 1_000_000);
			return this;
		}

		public SpanBuilder attribute(String key, String value) {
			this.span.addAttributes(OtlpSpans.attribute(key, value));
			return this;
		}

		public SpanBuilder attribute(String key, long value) {
			this.span.addAttributes(OtlpSpans.attribute(key, value));
			return this;
		}

		public SpanBuilder attribute(KeyValue keyValue) {
			this.span.addAttributes(keyValue);
			return this;
		}

		public SpanBuilder error(String message) {
			this.span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(message));
			return this;
		}

		public SpanBuilder exception(String type, String message, String stacktrace) {
			this.events.add(Span.Event.newBuilder()
				.setName("exception")
				.setTimeUnixNano(this.startNanos + this.durationNanos / 2)
				.addAttributes(OtlpSpans.attribute("exception.type", type))
				.addAttributes(OtlpSpans.attribute("exception.message", message))
				.addAttributes(OtlpSpans.attribute("exception.stacktrace", stacktrace))
				.build());
			return this;
		}

		public Span build() {
			return this.span.setStartTimeUnixNano(this.startNanos)
				.setEndTimeUnixNano(this.startNanos + this.durationNanos)
				.addAllEvents(this.events)
				.build();
		}

	}

}
