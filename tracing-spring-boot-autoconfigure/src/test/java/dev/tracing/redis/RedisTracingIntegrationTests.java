package dev.tracing.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.export.TracingExportAutoConfiguration;
import dev.tracing.autoconfigure.micrometer.MicrometerTracingBridgeAutoConfiguration;
import dev.tracing.autoconfigure.propagation.TracingPropagationAutoConfiguration;
import dev.tracing.autoconfigure.redis.TracingRedisAutoConfiguration;
import dev.tracing.testsupport.OtlpHttpReceiver;
import dev.tracing.testsupport.ReceivedSpans;
import dev.tracing.testsupport.ReceivedSpans.ReceivedSpan;
import dev.tracing.testsupport.RedisServer;
import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring Data Redis on Lettuce against a real redis-server, spans exported over OTLP/HTTP to a receiver on loopback:
 * one CLIENT span per command, the command without its keys and values in every exported byte. With the reactive
 * template, a command takes its parent from the thread that subscribes to it: the caller's, for a command subscribed
 * where the span is current; Lettuce's I/O thread, for a command chained after another one, which then has no parent
 * and makes no span, unless the Reactor context carries the caller's trace context (Lettuce's
 * {@link Tracing#withTraceContextProvider}).
 */
class RedisTracingIntegrationTests {

	private static final String KEY = "session:ada-4711";

	private static final String VALUE = "value-0815-secret";

	private static final String CARD = "4111 1111 1111 1111";

	private static final Duration REACTIVE_TIMEOUT = Duration.ofSeconds(10);

	private static RedisServer redis;

	@RegisterExtension
	final OtlpHttpReceiver receiver = OtlpHttpReceiver.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingExportAutoConfiguration.class,
				DataRedisAutoConfiguration.class, TracingRedisAutoConfiguration.class))
		.withPropertyValues(this.receiver.exportProperties())
		.withPropertyValues("spring.application.name=users", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redis.port());

	@BeforeAll
	static void startRedis() throws Exception {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void shouldExportOneClientSpanPerCommandWithoutKeysOrValues() {
		this.contextRunner.run((context) -> {
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			inSpan(context.getBean(Tracer.class), "GET /users/{id}", () -> {
				template.opsForValue().set(KEY, VALUE);
				assertThat(template.opsForValue().get(KEY)).isEqualTo(VALUE);
			});
			ReceivedSpans spans = this.receiver.awaitSpans(3);
			assertThat(spans.names()).containsExactlyInAnyOrder("GET /users/{id}", "SET", "GET");
			ReceivedSpan parent = spans.named("GET /users/{id}");
			ReceivedSpan set = spans.named("SET");
			assertThat(set.scope()).isEqualTo(RedisCommandTracing.INSTRUMENTATION_SCOPE);
			assertThat(set.span().getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT);
			assertThat(set.parentSpanId()).isEqualTo(parent.spanId());
			assertThat(spans.named("GET").parentSpanId()).isEqualTo(parent.spanId());
			assertThat(set.attributes()).containsEntry("db.system.name", "redis")
				.containsEntry("db.operation.name", "SET")
				.containsEntry("db.query.text", "SET")
				.containsEntry("server.address", "127.0.0.1")
				.containsEntry("server.port", Integer.toString(redis.port()));
			assertThat(spans.named("GET").attributes()).containsEntry("db.query.text", "GET");
			assertNoRequestContains(KEY, VALUE, "ada-4711", "0815");
		});
	}

	@Test
	void shouldMakeNoSpanOutsideATrace() {
		this.contextRunner.run((context) -> {
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			template.opsForValue().set(KEY, VALUE);
			inSpan(context.getBean(Tracer.class), "marker", () -> {
			});
			ReceivedSpans spans = this.receiver.awaitSpans(1);
			Thread.sleep(300);
			assertThat(this.receiver.spans().names()).containsExactly("marker");
		});
	}

	@Test
	void shouldShowPipelinedCommandsInOrderUnderTheCallersSpan() {
		this.contextRunner.run((context) -> {
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			inSpan(context.getBean(Tracer.class), "warm-cache", () -> template.executePipelined(
					(org.springframework.data.redis.core.RedisCallback<Object>) (connection) -> {
						connection.stringCommands().set(bytes(KEY), bytes("1"));
						connection.stringCommands().incr(bytes(KEY));
						connection.keyCommands().expire(bytes(KEY), 60);
						return null;
					}));
			ReceivedSpans spans = this.receiver.awaitSpans(4);
			String parent = spans.named("warm-cache").spanId();
			assertThat(byStart(spans, parent)).containsExactly("SET", "INCR", "EXPIRE");
			assertNoRequestContains(KEY);
		});
	}

	@Test
	void shouldShowATransactionFromMultiToExec() {
		this.contextRunner.run((context) -> {
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			inSpan(context.getBean(Tracer.class), "transfer", () -> template.execute(new SessionCallback<List<Object>>() {

				@Override
				@SuppressWarnings({ "unchecked", "rawtypes" })
				public List<Object> execute(RedisOperations operations) throws DataAccessException {
					operations.multi();
					operations.opsForValue().set(KEY, "10");
					operations.opsForValue().increment(KEY);
					return operations.exec();
				}

			}));
			ReceivedSpans spans = this.receiver.awaitSpans(5);
			String parent = spans.named("transfer").spanId();
			assertThat(byStart(spans, parent)).containsExactly("MULTI", "SET", "INCR", "EXEC");
		});
	}

	@Test
	void shouldRecordAnErrorReplyWithoutItsText() {
		this.contextRunner.run((context) -> {
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			inSpan(context.getBean(Tracer.class), "bad", () -> {
				template.opsForValue().set(KEY, VALUE);
				assertThatExceptionOfType(DataAccessException.class)
					.isThrownBy(() -> template.opsForValue().increment(KEY));
			});
			ReceivedSpans spans = this.receiver.awaitSpans(3);
			ReceivedSpan incr = spans.named("INCR");
			assertThat(incr.span().getStatus().getCode())
				.isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
			assertThat(incr.attributes()).containsEntry("db.response.status_code", "ERR")
				.containsEntry("error.type", "ERR");
			assertThat(incr.span().getEventsList()).isEmpty();
			assertNoRequestContains(KEY, VALUE);
		});
	}

	@Test
	void shouldIncludeArgumentsWhenAskedAndStillRedactSecrets() {
		this.contextRunner.withPropertyValues("tracing.redis.include-arguments=true").run((context) -> {
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			inSpan(context.getBean(Tracer.class), "pay", () -> template.opsForValue().set(KEY, CARD));
			ReceivedSpans spans = this.receiver.awaitSpans(2);
			String text = spans.named("SET").attributes().get("db.query.text");
			System.out.println("db.query.text with arguments: " + text);
			assertThat(text).startsWith("SET ").contains(KEY).contains("REDACTED").doesNotContain(CARD);
			assertNoRequestContains(CARD, "4111");
		});
	}

	@Test
	void shouldReplaceSpringBootsLettuceObservationSoEachCommandMakesOneSpan() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					LettuceObservationAutoConfiguration.class, TracingPropagationAutoConfiguration.class,
					MicrometerTracingBridgeAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasBean("lettuceObservation");
				StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
				inSpan(context.getBean(Tracer.class), "cached", () -> template.opsForValue().get(KEY));
				ReceivedSpans spans = this.receiver.awaitSpans(2);
				Thread.sleep(300);
				assertThat(this.receiver.spans().names()).containsExactlyInAnyOrder("cached", "GET");
				assertThat(spans.named("GET").scope()).isEqualTo(RedisCommandTracing.INSTRUMENTATION_SCOPE);
			});
	}

	// The control of the test above: without ours, Spring Boot's observation does make a span of its own.
	@Test
	void shouldLeaveSpringBootsLettuceObservationAloneWhenDisabled() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					LettuceObservationAutoConfiguration.class, TracingPropagationAutoConfiguration.class,
					MicrometerTracingBridgeAutoConfiguration.class))
			.withPropertyValues("tracing.redis.enabled=false")
			.run((context) -> {
				StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
				inSpan(context.getBean(Tracer.class), "cached", () -> template.opsForValue().get(KEY));
				ReceivedSpans spans = this.receiver.awaitSpans(2);
				assertThat(spans.all()).anyMatch((span) -> !span.name().equals("cached")
						&& !span.scope().equals(RedisCommandTracing.INSTRUMENTATION_SCOPE));
			});
	}

	@Test
	void shouldMakeAChildSpanForEachReactiveCommandSubscribedWhereTheSpanIsCurrent() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisReactiveAutoConfiguration.class))
			.run((context) -> {
				ReactiveStringRedisTemplate template = context.getBean(ReactiveStringRedisTemplate.class);
				inSpan(context.getBean(Tracer.class), "GET /users/{id}", () -> {
					assertThat(template.opsForValue().set(KEY, VALUE).block(REACTIVE_TIMEOUT)).isTrue();
					assertThat(template.opsForValue().get(KEY).block(REACTIVE_TIMEOUT)).isEqualTo(VALUE);
				});
				ReceivedSpans spans = this.receiver.awaitSpans(3);
				String parent = spans.named("GET /users/{id}").spanId();
				assertThat(spans.names()).containsExactlyInAnyOrder("GET /users/{id}", "SET", "GET");
				assertThat(spans.named("SET").parentSpanId()).isEqualTo(parent);
				assertThat(spans.named("GET").parentSpanId()).isEqualTo(parent);
				assertThat(spans.named("GET").span().getKind())
					.isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT);
				assertThat(spans.named("GET").attributes()).containsEntry("db.system.name", "redis")
					.containsEntry("db.query.text", "GET");
				assertNoRequestContains(KEY, VALUE);
			});
	}

	@Test
	void shouldTraceAReactiveCommandChainedOnLettucesThreadWhenTheReactorContextCarriesTheTrace() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisReactiveAutoConfiguration.class))
			.run((context) -> {
				ReactiveStringRedisTemplate template = context.getBean(ReactiveStringRedisTemplate.class);
				Tracing tracing = context.getBean(RedisCommandTracing.class);
				inSpan(context.getBean(Tracer.class), "load-session", () -> {
					TraceContext caller = tracing.initialTraceContextProvider().getTraceContext();
					assertThat(template.opsForValue()
						.set(KEY, VALUE)
						.then(Mono.defer(() -> template.opsForValue().get(KEY)))
						.contextWrite(Tracing.withTraceContextProvider(() -> caller))
						.block(REACTIVE_TIMEOUT)).isEqualTo(VALUE);
				});
				ReceivedSpans spans = this.receiver.awaitSpans(3);
				String parent = spans.named("load-session").spanId();
				assertThat(spans.named("SET").parentSpanId()).isEqualTo(parent);
				assertThat(spans.named("GET").parentSpanId()).isEqualTo(parent);
			});
	}

	// The control of the test above: without the Reactor context, the chained command is subscribed on Lettuce's
	// I/O thread, where no span is current, and makes none (never a span in a trace of its own).
	@Test
	void shouldMakeNoSpanForAChainedReactiveCommandWithoutTheTraceInTheReactorContext() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisReactiveAutoConfiguration.class))
			.run((context) -> {
				ReactiveStringRedisTemplate template = context.getBean(ReactiveStringRedisTemplate.class);
				inSpan(context.getBean(Tracer.class), "load-session", () -> assertThat(template.opsForValue()
					.set(KEY, VALUE)
					.then(Mono.defer(() -> template.opsForValue().get(KEY)))
					.block(REACTIVE_TIMEOUT)).isEqualTo(VALUE));
				ReceivedSpans spans = this.receiver.awaitSpans(2);
				Thread.sleep(300);
				assertThat(this.receiver.spans().names()).containsExactlyInAnyOrder("load-session", "SET");
				assertThat(spans.named("SET").parentSpanId()).isEqualTo(spans.named("load-session").spanId());
			});
	}

	private static List<String> byStart(ReceivedSpans spans, String parentSpanId) {
		return spans.all()
			.stream()
			.filter((span) -> span.parentSpanId().equals(parentSpanId))
			.sorted(Comparator.comparingLong((ReceivedSpan span) -> span.span().getStartTimeUnixNano()))
			.map(ReceivedSpan::name)
			.toList();
	}

	private void assertNoRequestContains(String... secrets) {
		assertThat(this.receiver.requests()).isNotEmpty();
		for (OtlpHttpReceiver.Received request : this.receiver.requests()) {
			String wire = new String(request.rawBody(), StandardCharsets.ISO_8859_1);
			for (String secret : secrets) {
				assertThat(wire).doesNotContain(secret);
			}
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static void inSpan(Tracer tracer, String name, Runnable work) {
		Span span = tracer.spanBuilder(name).startSpan();
		try (Scope ignored = span.makeCurrent()) {
			work.run();
		}
		finally {
			span.end();
		}
	}

}
