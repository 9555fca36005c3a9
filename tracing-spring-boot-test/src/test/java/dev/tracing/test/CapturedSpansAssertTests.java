package dev.tracing.test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.semconv.DbAttributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each assertion passing on the spans that satisfy it and failing, with a message that says what was expected and
 * prints the captured trees, on those that do not. The spans are made by the real SDK, with fixed timestamps.
 */
class CapturedSpansAssertTests {

	private static final long T0 = TimeUnit.SECONDS.toNanos(1_750_000_000L);

	private static final String SECRET = "4111111111111111";

	private final CapturingSpanExporter exporter = new CapturingSpanExporter();

	private SdkTracerProvider tracerProvider;

	private CapturedSpans spans;

	@BeforeEach
	void recordATrace() {
		this.tracerProvider = SdkTracerProvider.builder()
			.setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "shop")))
			.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
			.build();
		this.spans = CapturedSpans.of(this.exporter, () -> this.tracerProvider);
		Tracer tracer = this.tracerProvider.get("test");
		Span server = tracer.spanBuilder("GET /users/{id}")
			.setSpanKind(SpanKind.SERVER)
			.setStartTimestamp(T0, TimeUnit.NANOSECONDS)
			.setAttribute("http.route", "/users/{id}")
			.setAttribute("http.response.status_code", 500L)
			.startSpan();
		Context parent = Context.root().with(server);
		tracer.spanBuilder("SELECT users")
			.setParent(parent)
			.setSpanKind(SpanKind.CLIENT)
			.setStartTimestamp(T0 + 1_000_000, TimeUnit.NANOSECONDS)
			.setAttribute(DbAttributes.DB_QUERY_TEXT, "SELECT id, name FROM users WHERE id = ?")
			.startSpan()
			.end(T0 + 1_500_000, TimeUnit.NANOSECONDS);
		Span call = tracer.spanBuilder("GET")
			.setParent(parent)
			.setSpanKind(SpanKind.CLIENT)
			.setStartTimestamp(T0 + 2_000_000, TimeUnit.NANOSECONDS)
			.setAttribute("url.full", "http://accounts/accounts/u_1")
			.startSpan();
		call.recordException(new IllegalStateException("accounts down"));
		call.setStatus(StatusCode.ERROR, "accounts down");
		call.end(T0 + 9_000_000, TimeUnit.NANOSECONDS);
		server.setStatus(StatusCode.ERROR);
		server.end(T0 + 10_000_000, TimeUnit.NANOSECONDS);
	}

	@AfterEach
	void close() {
		this.tracerProvider.close();
	}

	@Test
	void rendersTheTraceAsATreeLikeTheDemo() {
		String trace = this.spans.traces().get(0).get(0).getTraceId();
		assertThat(this.spans.render()).isEqualTo("""
				Captured spans: 3 spans in 1 trace

				Trace %s: 3 spans, 10.0 ms
				  shop     GET /users/{id}  SERVER  10.0 ms  ERROR  http.response.status_code=500  http.route=/users/{id}
				  ├─ shop  SELECT users     CLIENT   0.5 ms  UNSET  db.query.text=SELECT id, name FROM users WHERE id = ?
				  └─ shop  GET              CLIENT   7.0 ms  ERROR  url.full=http://accounts/accounts/u_1  \
				exception="java.lang.IllegalStateException: accounts down"  status.description="accounts down\"""".formatted(trace));
	}

	@Test
	void hasTraceSatisfyingPassesAndFailsNamingTheRoot() {
		assertThat(this.spans).hasTraceSatisfying((trace) -> trace.hasRootSpan("GET /users/{id}"));
		AssertionError failure = failure(() -> assertThat(this.spans).within(Duration.ofMillis(200))
			.hasTraceSatisfying((trace) -> trace.hasRootSpan("GET /orders")));
		assertThat(failure.getMessage())
			.startsWith("Expected a captured trace to satisfy the requirements within 200 ms; none did:\n  trace ")
			.contains(": expected the root span 'GET /orders' but the root is shop SERVER 'GET /users/{id}'")
			.contains("\n  ├─ shop  SELECT users     CLIENT   0.5 ms  UNSET  db.query.text=");
		System.out.println("A failing hasTraceSatisfying says:\n" + failure.getMessage());
	}

	@Test
	void hasChildFailsNamingTheChildrenThereAre() {
		assertThat(this.spans).hasTraceSatisfying((trace) -> trace.hasRootSpan("GET /users/{id}")
			.hasChild("SELECT users")
			.hasChild("GET"));
		assertThat(failure(() -> assertThat(this.spans).within(Duration.ZERO)
			.hasTraceSatisfying((trace) -> trace.hasRootSpan("GET /users/{id}").hasChild("SELECT orders"))))
			.hasMessageContaining("span 'GET /users/{id}' (shop SERVER 'GET /users/{id}'): expected a child named "
					+ "'SELECT orders' but its children are [SELECT users, GET]");
	}

	@Test
	void attributeFailuresNameThePathToTheSpan() {
		assertThat(this.spans).hasTraceSatisfying((trace) -> trace.hasRootSpan("GET /users/{id}")
			.hasChild("SELECT users", (db) -> db.hasAttribute(DbAttributes.DB_QUERY_TEXT,
					"SELECT id, name FROM users WHERE id = ?")));
		assertThat(failure(() -> assertThat(this.spans).within(Duration.ZERO)
			.hasTraceSatisfying((trace) -> trace.hasRootSpan("GET /users/{id}")
				.hasChild("SELECT users", (db) -> db.hasAttribute(DbAttributes.DB_QUERY_TEXT, "SELECT * FROM users")))))
			.hasMessageContaining("span 'GET /users/{id}' > 'SELECT users' (shop CLIENT 'SELECT users'): ")
			.hasMessageContaining("SELECT * FROM users");
		assertThat(failure(() -> assertThat(this.spans).hasSpanNamed("GET /users/{id}")
			.hasAttribute("http.response.status_code", 200)))
			.hasMessageStartingWith("span 'GET /users/{id}' (shop SERVER 'GET /users/{id}'): expected attribute "
					+ "http.response.status_code=200 but was http.response.status_code=500\n\nCaptured spans: 3 spans");
	}

	@Test
	void kindStatusAndEventFailures() {
		assertThat(this.spans).hasSpanNamed("GET")
			.hasKind(SpanKind.CLIENT)
			.hasStatus(StatusCode.ERROR)
			.hasStatusDescriptionContaining("down")
			.hasEventNamed("exception")
			.hasException(IllegalStateException.class)
			.hasExceptionMessageContaining("accounts down")
			.hasDurationGreaterThan(Duration.ofMillis(6))
			.hasDurationLessThan(Duration.ofMillis(8))
			.hasSpanDataSatisfying((span) -> span.hasAttributesSatisfying(equalTo(AttributeKey.stringKey("url.full"),
					"http://accounts/accounts/u_1")));
		assertThat(failure(() -> assertThat(this.spans).hasSpanNamed("GET").hasKind(SpanKind.SERVER)))
			.hasMessageContaining("span 'GET' (shop CLIENT 'GET'): ")
			.hasMessageContaining("SERVER");
		assertThat(failure(() -> assertThat(this.spans).hasSpanNamed("SELECT users").hasStatus(StatusCode.ERROR)))
			.hasMessageContaining("span 'SELECT users' (shop CLIENT 'SELECT users'): expected status ERROR but was");
		assertThat(failure(() -> assertThat(this.spans).hasSpanNamed("GET").hasException(IllegalArgumentException.class)))
			.hasMessageContaining("expected a recorded exception of type java.lang.IllegalArgumentException but the "
					+ "recorded exceptions are [java.lang.IllegalStateException: accounts down]");
		assertThat(failure(() -> assertThat(this.spans).hasSpanNamed("SELECT users").hasEventNamed("retry")))
			.hasMessageContaining("expected an event named 'retry' but its events are []");
	}

	@Test
	void hasNoSpanNamedFailsListingTheSpansFound() {
		assertThat(this.spans).hasNoSpanNamed("SELECT orders");
		assertThat(failure(() -> assertThat(this.spans).hasNoSpanNamed("SELECT users")))
			.hasMessageStartingWith("Expected no span named 'SELECT users' but 1 were captured: "
					+ "[shop CLIENT 'SELECT users']\n\nCaptured spans: 3 spans in 1 trace");
	}

	@Test
	void doNotContainValueFailsSayingWhereTheValueIs() {
		assertThat(this.spans).allSpans().doNotContainValue(SECRET);
		this.tracerProvider.get("test").spanBuilder("charge " + SECRET).setAttribute("card", "card " + SECRET)
			.startSpan().end();
		assertThat(failure(() -> assertThat(this.spans).allSpans().doNotContainValue(SECRET)))
			.hasMessageStartingWith("Expected no captured span to contain \"" + SECRET + "\" but it is in:\n"
					+ "  shop INTERNAL 'charge " + SECRET + "': its name\n"
					+ "  shop INTERNAL 'charge " + SECRET + "': attribute card\n");
	}

	@Test
	void hasSpanCountWaitsThenFailsWithTheCount() {
		assertThat(this.spans).hasSpanCount(3);
		assertThat(failure(() -> assertThat(this.spans).within(Duration.ofMillis(100)).hasSpanCount(4)))
			.hasMessageStartingWith("Expected 4 captured spans within 100 ms but none was captured");
		assertThat(failure(() -> assertThat(this.spans).hasSpanCount(2)))
			.hasMessageStartingWith("Expected 2 captured spans but there are 3");
	}

	@Test
	void hasResourceSatisfyingUsesTheSdksResourceAssertions() {
		assertThat(this.spans).hasResourceSatisfying((resource) -> resource
			.hasAttribute(AttributeKey.stringKey("service.name"), "shop"));
		assertThat(failure(() -> assertThat(this.spans).hasResourceSatisfying((resource) -> resource
			.hasAttribute(AttributeKey.stringKey("service.name"), "orders"))))
			.hasMessageContaining("The resource of shop SERVER 'GET /users/{id}' does not satisfy the requirements")
			.hasMessageContaining("service.name=\"shop\"");
	}

	@Test
	void aTraceWithTwoRootsIsNotOneTree() {
		SpanContext remote = SpanContext.createFromRemoteParent(this.spans.traces().get(0).get(0).getTraceId(),
				"00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());
		this.tracerProvider.get("test").spanBuilder("GET /accounts/{id}").setSpanKind(SpanKind.SERVER)
			.setParent(Context.root().with(Span.wrap(remote))).startSpan().end();
		assertThat(this.spans.render()).contains("(2 roots: not one tree)")
			.contains("parent=00f067aa0ba902b7 (not captured)");
		assertThat(failure(() -> assertThat(this.spans).within(Duration.ZERO)
			.hasTraceSatisfying((trace) -> trace.hasRootSpan("GET /users/{id}"))))
			.hasMessageContaining("expected one tree with root 'GET /users/{id}' but it has 2 roots (spans whose "
					+ "parent was not captured): [shop SERVER 'GET /users/{id}', shop SERVER 'GET /accounts/{id}']; "
					+ "was the trace context propagated between them?");
	}

	@Test
	void awaitSpansTimesOutListingWhatWasCaptured() {
		assertThat(this.spans.awaitSpan("SELECT users").getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(this.spans.awaitTrace("GET")).hasSize(3);
		assertThat(failure(() -> this.spans.awaitSpans((all) -> all.size() > 5, "more than five spans",
				Duration.ofMillis(100))))
			.hasMessageStartingWith("Timed out after 100 ms waiting for more than five spans.\n"
					+ "Captured spans: 3 spans in 1 trace\n\nTrace ");
	}

	@Test
	void resetForgetsAndCombineSeesBoth() {
		CapturingSpanExporter other = new CapturingSpanExporter();
		try (SdkTracerProvider otherProvider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(other))
			.build()) {
			otherProvider.get("test").spanBuilder("elsewhere").startSpan().end();
			CapturedSpans both = CapturedSpans.combine(this.spans, CapturedSpans.of(other, () -> otherProvider));
			assertThat(both).hasSpanCount(4);
			both.reset();
			assertThat(both).hasNoSpans();
			assertThat(this.spans).hasNoSpans();
		}
	}

	private static AssertionError failure(Runnable assertion) {
		return assertThatExceptionOfType(AssertionError.class).isThrownBy(assertion::run).actual();
	}

}
