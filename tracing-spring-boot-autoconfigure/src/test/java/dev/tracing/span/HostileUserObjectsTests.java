package dev.tracing.span;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.span.TracingSpanAutoConfiguration;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Application objects that tracing formats, behaving as badly as objects can: a throwing {@code toString()}, a
 * huge one, a structure that contains itself, an exception whose {@code getMessage()} throws. The traced call must
 * behave exactly as without tracing; the span records what it can.
 */
class HostileUserObjectsTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TracingAutoConfiguration.class,
				TracingSpanAutoConfiguration.class))
		.withBean(SpanProcessor.class, () -> SimpleSpanProcessor.create(this.exporter))
		.withBean(Orders.class)
		.withPropertyValues("tracing.export.type=none");

	@Test
	void shouldRunTheCallWhenAnArgumentsToStringThrows() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(Orders.class).place(new ThrowingToString())).isEqualTo("placed");
			assertThat(attribute(single(), "order")).isEqualTo("<" + ThrowingToString.class.getName()
					+ ".toString() threw java.lang.IllegalStateException>");
		});
	}

	@Test
	void shouldCutAHugeToString() {
		this.contextRunner.run((context) -> {
			context.getBean(Orders.class).place("x".repeat(1_000_000));
			String recorded = attribute(single(), "order");
			assertThat(recorded).hasSize(SpanAttributes.MAX_TEXT_LENGTH + "…(995904 more characters)".length())
				.startsWith("xxxx")
				.endsWith("…(995904 more characters)");
		});
	}

	@Test
	void shouldSurviveAStructureThatContainsItself() {
		this.contextRunner.run((context) -> {
			List<Object> list = new ArrayList<>();
			Map<String, Object> map = new HashMap<>();
			list.add(map);
			map.put("list", list);
			assertThat(context.getBean(Orders.class).place(list)).isEqualTo("placed");
			assertThat(attribute(single(), "order")).isEqualTo("<java.util.ArrayList.toString() threw java.lang.StackOverflowError>");
		});
	}

	@Test
	void shouldRethrowTheApplicationsExceptionUnchangedWhenItsMessageThrows() {
		this.contextRunner.run((context) -> {
			HostileException failure = new HostileException();
			assertThatExceptionOfType(HostileException.class)
				.isThrownBy(() -> context.getBean(Orders.class).fail(failure))
				.isSameAs(failure);
			SpanData span = single();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getStatus().getDescription()).isEqualTo(HostileException.class.getName());
			assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
				.isEqualTo(HostileException.class.getName());
			assertThat(span.getEvents()).extracting(EventData::getName).containsExactly("exception");
		});
	}

	@Test
	void shouldRecordThroughTheSpansHelperToo() {
		this.contextRunner.run((context) -> {
			Spans spans = context.getBean(Spans.class);
			Integer result = spans.call("checkout", Map.of("cart", new ThrowingToString()), (span) -> 42);
			assertThat(result).isEqualTo(42);
			assertThat(attribute(single(), "cart")).contains("threw java.lang.IllegalStateException");
		});
	}

	private SpanData single() {
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		return this.exporter.getFinishedSpanItems().get(0);
	}

	private static String attribute(SpanData span, String key) {
		return span.getAttributes().get(AttributeKey.stringKey(key));
	}

	static class Orders {

		@Traced("place_order")
		public String place(@TracedAttribute("order") Object order) {
			return "placed";
		}

		@Traced("fail_order")
		public void fail(RuntimeException failure) {
			throw failure;
		}

	}

	static class ThrowingToString {

		@Override
		public String toString() {
			throw new IllegalStateException("toString is broken");
		}

	}

	static class HostileException extends RuntimeException {

		@Override
		public String getMessage() {
			throw new IllegalStateException("getMessage is broken");
		}

		@Override
		public String toString() {
			throw new IllegalStateException("toString is broken");
		}

	}

}
