package dev.tracing.redis;

import java.time.Duration;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.export.TracingExportAutoConfiguration;
import dev.tracing.autoconfigure.redis.TracingRedisAutoConfiguration;
import dev.tracing.testsupport.OtlpHttpReceiver;
import dev.tracing.testsupport.ReceivedSpans;
import dev.tracing.testsupport.RedisServer;
import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data Redis's reactive template on Lettuce against a real redis-server, spans exported over OTLP/HTTP to a
 * receiver on loopback. A reactive command takes its parent from the thread that subscribes to it: the caller's, for
 * a command subscribed where the span is current; Lettuce's I/O thread, for a command chained after another one,
 * which then has no parent and makes no span, unless the Reactor context carries the caller's trace context
 * (Lettuce's {@link Tracing#withTraceContextProvider}).
 */
class ReactiveRedisTracingIntegrationTests {

	private static final String KEY = "session:reactive-4711";

	private static final String VALUE = "value-reactive-0815";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static RedisServer redis;

	private OtlpHttpReceiver receiver;

	private ApplicationContextRunner contextRunner;

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

	@BeforeEach
	void startReceiver() throws Exception {
		this.receiver = OtlpHttpReceiver.start();
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class,
					TracingExportAutoConfiguration.class, DataRedisAutoConfiguration.class,
					DataRedisReactiveAutoConfiguration.class, TracingRedisAutoConfiguration.class))
			.withPropertyValues("spring.application.name=users",
					"tracing.export.otlp.endpoint=" + this.receiver.baseUrl(),
					"tracing.export.batch.schedule-delay=50ms", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + redis.port());
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
	}

	@Test
	void shouldMakeAChildSpanForEachCommandSubscribedWhereTheSpanIsCurrent() {
		this.contextRunner.run((context) -> {
			ReactiveStringRedisTemplate template = context.getBean(ReactiveStringRedisTemplate.class);
			inSpan(context.getBean(Tracer.class), "GET /users/{id}", () -> {
				assertThat(template.opsForValue().set(KEY, VALUE).block(TIMEOUT)).isTrue();
				assertThat(template.opsForValue().get(KEY).block(TIMEOUT)).isEqualTo(VALUE);
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
	void shouldTraceACommandChainedOnLettucesThreadWhenTheReactorContextCarriesTheTrace() {
		this.contextRunner.run((context) -> {
			ReactiveStringRedisTemplate template = context.getBean(ReactiveStringRedisTemplate.class);
			Tracing tracing = context.getBean(RedisCommandTracing.class);
			inSpan(context.getBean(Tracer.class), "load-session", () -> {
				TraceContext caller = tracing.initialTraceContextProvider().getTraceContext();
				String value = template.opsForValue()
					.set(KEY, VALUE)
					.then(Mono.defer(() -> template.opsForValue().get(KEY)))
					.contextWrite(Tracing.withTraceContextProvider(() -> caller))
					.block(TIMEOUT);
				assertThat(value).isEqualTo(VALUE);
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
	void shouldMakeNoSpanForAChainedCommandWithoutTheTraceInTheReactorContext() {
		this.contextRunner.run((context) -> {
			ReactiveStringRedisTemplate template = context.getBean(ReactiveStringRedisTemplate.class);
			inSpan(context.getBean(Tracer.class), "load-session", () -> assertThat(template.opsForValue()
				.set(KEY, VALUE)
				.then(Mono.defer(() -> template.opsForValue().get(KEY)))
				.block(TIMEOUT)).isEqualTo(VALUE));
			ReceivedSpans spans = this.receiver.awaitSpans(2);
			Thread.sleep(300);
			assertThat(this.receiver.spans().names()).containsExactlyInAnyOrder("load-session", "SET");
			assertThat(spans.named("SET").parentSpanId()).isEqualTo(spans.named("load-session").spanId());
		});
	}

	private void assertNoRequestContains(String... secrets) {
		for (OtlpHttpReceiver.Received request : this.receiver.requests()) {
			String wire = new String(request.rawBody(), java.nio.charset.StandardCharsets.ISO_8859_1);
			for (String secret : secrets) {
				assertThat(wire).doesNotContain(secret);
			}
		}
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
