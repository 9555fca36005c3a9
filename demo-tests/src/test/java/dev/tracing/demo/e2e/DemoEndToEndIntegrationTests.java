package dev.tracing.demo.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tracing.demo.provider.StubPaymentProvider;
import dev.tracing.test.CapturedSpanAssert;
import dev.tracing.test.CapturedTraceAssert;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.opentelemetry.api.trace.SpanKind.CLIENT;
import static io.opentelemetry.api.trace.SpanKind.INTERNAL;
import static io.opentelemetry.api.trace.SpanKind.SERVER;
import static io.opentelemetry.api.trace.StatusCode.ERROR;
import static io.opentelemetry.api.trace.StatusCode.UNSET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo end to end, as a user runs it: user-service and payment-service, each with its own
 * {@code application.yml}, on random ports, calling each other and the stub payment provider over real HTTP. What
 * each service would export is captured by {@code tracing-spring-boot-test}; both captures together must form one
 * tree per payment. (OTLP on the wire is checked by the starter's {@code OtlpHttpExportIntegrationTests} and
 * {@code OtlpGrpcExportIntegrationTests}, and by {@code run-demo.sh --once} against the trace viewer.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoEndToEndIntegrationTests {

	private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(20);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	// One test instance for the class: the demo starts once, with it
	private final DemoServices demo = DemoServices.start();

	@AfterAll
	void stopTheDemo() {
		this.demo.close();
	}

	@Test
	void paymentIsOneTraceAcrossBothServicesAndTheProviderCall() throws Exception {
		Map<String, Object> response = this.demo.pay("u_1001", 4999, "EUR", "pm_card_visa", 200);
		assertThat(response).containsEntry("success", true);
		String intentId = (String) response.get("paymentIntentId");
		assertThat(intentId).startsWith("pi_");

		assertThat(this.demo.spans()).within(TRACE_TIMEOUT).hasTraceSatisfying((trace) -> paymentTrace(trace, "u_1001",
				"pm_card_visa", 10)
			.hasServices("payment-service", "user-service")
			.eachSpanSatisfies((span) -> span.hasStatus(UNSET))
			.hasRootSpan("POST /payments")
			.hasKind(SERVER)
			.hasServiceName("payment-service")
			.hasAttribute("http.route", "/payments")
			.hasAttribute("http.response.status_code", 200)
			.hasChild("process_payment", (process) -> process.hasKind(INTERNAL)
				.hasAttribute("payment.amount_cents", 4999)
				.hasAttribute("payment.currency", "EUR")
				.hasAttribute("tenant.id", "acme")
				.hasAttribute("payment.intent_id", intentId)
				.hasChildrenNamed("GET", "validate_payment", "provider_charge")
				.hasChild("validate_payment", (validate) -> validate.hasKind(INTERNAL)
					.hasAttribute("payment.currency", "EUR")
					.hasAttribute("payment.amount_cents", 4999))
				.hasChild("GET", (userCall) -> userCall.hasKind(CLIENT)
					.hasAttribute("url.full", "http://localhost:" + this.demo.userPort() + "/users/u_1001")
					// user-service continues the caller's trace.
					.hasChild("GET /users/{id}", (userServer) -> userServer.hasKind(SERVER)
						.hasServiceName("user-service")
						.hasAttribute("http.route", "/users/{id}")
						.hasChild("SELECT users", (query) -> query.hasKind(CLIENT)
							.hasAttribute("db.system.name", "h2database")
							.hasAttribute("db.query.text", "SELECT id, name, tenant_id, status FROM users WHERE id = ?"))
						.hasChild("load_account_history", (history) -> history.hasKind(INTERNAL)
							.hasAttribute("account.events_read", 20)
							.hasChild("SELECT account_events", (query) -> query.hasKind(CLIENT)
								.hasAttribute("db.response.returned_rows", 20)))))
				.hasChild("provider_charge", (charge) -> charge.hasKind(INTERNAL)
					.hasAttribute("stripe.payment_method", "pm_card_visa")
					.hasAttribute("stripe.payment_intent_id", intentId)
					.hasChild("POST", (providerCall) -> providerCall.hasKind(CLIENT)
						.hasAttribute("server.address", "127.0.0.1")
						.hasAttribute("url.full", "http://127.0.0.1:" + this.demo.provider().port() + "/v1/payment_intents")
						.hasAttribute("http.response.status_code", 200)))));

		assertThat(this.demo.provider().paymentIntentRequests()).isPositive();
		assertThat(this.demo.provider().traceHeadersReceived()).as("trace headers sent to the excluded provider host")
			.isEmpty();
	}

	@Test
	void eachServiceDescribesItselfInItsResource() throws Exception {
		this.demo.pay("u_1002", 1500, "GBP", "pm_card_amex", 200);
		assertThat(this.demo.spans()).within(TRACE_TIMEOUT).hasTraceSatisfying((trace) -> paymentTrace(trace, "u_1002",
				"pm_card_amex", 10)
			.eachSpanSatisfies((span) -> span.hasResourceAttribute("deployment.environment.name", "demo")
				.hasResourceAttribute("service.version", "0.1.0-SNAPSHOT")
				.hasResourceAttribute("telemetry.sdk.language", "java")));
		List<SpanData> trace = this.demo.spans().awaitTrace("process_payment");
		assertThat(trace).filteredOn((span) -> service(span).equals("payment-service"))
			.hasSize(6)
			.allSatisfy((span) -> assertThat(resourceAttribute(span, "team")).isEqualTo("payments"));
		assertThat(trace).filteredOn((span) -> service(span).equals("user-service"))
			.hasSize(4)
			.allSatisfy((span) -> assertThat(resourceAttribute(span, "team")).isEqualTo("identity"));
	}

	@Test
	void declinedCardIsAnErrorTraceWithTheExceptionRecorded() throws Exception {
		Map<String, Object> response = this.demo.pay("u_1002", 12000, "USD", StubPaymentProvider.DECLINED_PAYMENT_METHOD, 402);
		assertThat(response).containsEntry("success", false).containsEntry("error", "card_declined");

		assertThat(this.demo.spans()).within(TRACE_TIMEOUT).hasTraceSatisfying((trace) -> paymentTrace(trace, "u_1002",
				StubPaymentProvider.DECLINED_PAYMENT_METHOD, 10)
			.hasRootSpan("POST /payments")
			.hasAttribute("http.response.status_code", 402)
			.hasChild("process_payment", (process) -> declined(process)
				.hasChild("validate_payment", (validate) -> validate.hasStatus(UNSET))
				.hasChild("provider_charge", (charge) -> declined(charge)
					.hasChild("POST", (providerCall) -> providerCall.hasStatus(ERROR)
						.hasAttribute("http.response.status_code", 402)))));
		assertThat(this.demo.provider().traceHeadersReceived()).isEmpty();
	}

	@Test
	void rejectedPaymentIsRecordedOnValidatePayment() throws Exception {
		Map<String, Object> response = this.demo.pay("u_1003", 500, "EUR", "pm_card_visa", 422);
		assertThat(response).containsEntry("success", false).containsEntry("error", "user_not_active");
		assertThat(this.demo.spans()).within(TRACE_TIMEOUT).hasTraceSatisfying((trace) -> paymentTrace(trace, "u_1003",
				"pm_card_visa", 6)
			.hasNoSpanNamed("provider_charge")
			.hasSpanNamed("validate_payment")
			.hasStatus(ERROR)
			.hasExceptionMessageContaining("suspended"));
	}

	@Test
	void unknownUserIs404AtUserServiceAndRejectedByPaymentService() throws Exception {
		HttpResponse<String> user = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.demo.userPort() + "/users/u_nobody")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(user.statusCode()).isEqualTo(404);
		Map<String, Object> response = this.demo.pay("u_nobody", 500, "EUR", "pm_card_visa", 422);
		assertThat(response).containsEntry("success", false).containsEntry("error", "unknown_user");
		assertThat(this.demo.spans()).within(TRACE_TIMEOUT).hasTraceSatisfying((trace) -> paymentTrace(trace, "u_nobody",
				"pm_card_visa", 5)
			.hasSpanNamed("GET")
			.hasKind(CLIENT)
			.hasAttribute("http.response.status_code", 404)
			.hasChild("GET /users/{id}", (server) -> server.hasAttribute("http.response.status_code", 404)));
	}

	@Test
	void slowUserGivesATraceOverTwoSecondsWhoseSlowSpanSaysWhy() throws Exception {
		Map<String, Object> response = this.demo.pay("slow", 2500, "EUR", "pm_card_mastercard", 200);
		assertThat(response).containsEntry("success", true);

		Duration twoSeconds = Duration.ofSeconds(2);
		assertThat(this.demo.spans()).within(TRACE_TIMEOUT).hasTraceSatisfying((trace) -> paymentTrace(trace, "slow",
				"pm_card_mastercard", 10)
			.hasRootSpan("POST /payments")
			.hasDurationGreaterThan(twoSeconds)
			.hasStatus(UNSET)
			// The deepest span that takes most of the time, and its attributes, tell why.
			.hasDescendant("GET /users/{id}", (userServer) -> userServer.hasDurationGreaterThan(twoSeconds)
				.hasChild("load_account_history", (history) -> history.hasDurationGreaterThan(twoSeconds)
					.hasAttribute("user.id", "slow")
					.hasAttribute("account.events_read", 150_000)
					.hasSpanDataSatisfying((span) -> span.hasAttributesSatisfying((attributes) -> assertThat(
							attributes.get(AttributeKey.longKey("account.events_used"))).isBetween(2_000L, 2_200L)))
					.hasAttribute("account.history_window", "unbounded")
					.hasChild("SELECT account_events", (query) -> query
						.hasAttribute("db.query.text",
								"SELECT id, type, amount_cents, created_at FROM account_events WHERE user_id = ?")
						.hasAttribute("db.response.returned_rows", 150_000)
						// A database span lasts until its rows are read.
						.hasDurationGreaterThan(twoSeconds)))));
	}

	@Test
	void healthProbesAnswerAndMakeNoSpans() throws Exception {
		for (int port : new int[] { this.demo.userPort(), this.demo.paymentPort() }) {
			for (String probe : List.of("liveness", "readiness")) {
				HttpResponse<String> response = this.http.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/" + probe))
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(response.body()).contains("\"UP\"");
			}
		}
		// Reading the captured spans flushes both services first.
		assertThat(this.demo.spans().spans()).noneMatch((span) -> String
			.valueOf(span.getAttributes().get(AttributeKey.stringKey("url.path")))
			.startsWith("/actuator") || span.getName().contains("actuator") || span.getName().contains("health"));
	}

	/**
	 * Picks the trace of one payment, by its {@code process_payment} span's user and payment method, and waits for
	 * all its spans.
	 */
	static CapturedTraceAssert paymentTrace(CapturedTraceAssert trace, String userId, String paymentMethodId,
			int spanCount) {
		trace.hasSpanNamed("process_payment").hasAttribute("user.id", userId).hasAttribute("payment.method",
				paymentMethodId);
		return trace.hasSpanCount(spanCount);
	}

	private static CapturedSpanAssert declined(CapturedSpanAssert span) {
		return span.hasStatus(ERROR)
			.hasStatusDescriptionContaining("card_declined")
			.hasException(dev.tracing.demo.payment.PaymentFailure.CardDeclined.class)
			.hasExceptionMessageContaining("card_declined")
			.hasAttribute("error.type", dev.tracing.demo.payment.PaymentFailure.CardDeclined.class.getName());
	}

	private static String service(SpanData span) {
		return resourceAttribute(span, "service.name");
	}

	private static String resourceAttribute(SpanData span, String key) {
		return span.getResource().getAttribute(AttributeKey.stringKey(key));
	}

}
