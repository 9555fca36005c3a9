package dev.tracing.demo.payment;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tracing.test.CapturedSpans;
import dev.tracing.test.autoconfigure.AutoConfigureTracingCapture;
import io.opentelemetry.api.common.AttributeKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.opentelemetry.api.trace.SpanKind.CLIENT;
import static io.opentelemetry.api.trace.SpanKind.INTERNAL;
import static io.opentelemetry.api.trace.SpanKind.SERVER;
import static io.opentelemetry.api.trace.StatusCode.ERROR;
import static io.opentelemetry.api.trace.StatusCode.UNSET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * payment-service over real HTTP, with user-service and the payment provider as WireMock stubs and what it would
 * export captured: the payment's tree of spans, the trace context sent to user-service and withheld from the
 * provider, the declined card's errors.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@AutoConfigureTracingCapture
class PaymentServiceTracingTests {

	static final WireMockServer userService = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	static final WireMockServer provider = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	@Autowired
	CapturedSpans spans;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startStubs() {
		userService.start();
		provider.start();
		userService.stubFor(get("/users/u_1").willReturn(
				okJson("{\"id\":\"u_1\",\"name\":\"Ada\",\"tenant\":\"acme\",\"status\":\"active\"}")));
		provider.stubFor(post("/v1/payment_intents").withRequestBody(matching(".*payment_method=pm_card_visa.*"))
			.willReturn(okJson("{\"id\":\"pi_123\",\"status\":\"succeeded\"}")));
		provider.stubFor(post("/v1/payment_intents").withRequestBody(matching(".*payment_method=pm_card_declined.*"))
			.willReturn(aResponse().withStatus(402).withHeader("Content-Type", "application/json").withBody(
					"{\"error\":{\"type\":\"card_error\",\"code\":\"card_declined\",\"message\":\"Declined.\"}}")));
	}

	@AfterAll
	static void stopStubs() {
		userService.stop();
		provider.stop();
	}

	@DynamicPropertySource
	static void stubUrls(DynamicPropertyRegistry registry) {
		// user-service as localhost (trace headers sent), the provider as 127.0.0.1 (an excluded host).
		registry.add("demo.user-service.base-url", () -> "http://localhost:" + userService.port());
		registry.add("demo.provider.base-url", () -> "http://127.0.0.1:" + provider.port());
	}

	@Test
	void paymentIsOneTreeOfBusinessAndClientSpans() {
		assertThat(pay("pm_card_visa")).isEqualTo(200);

		assertThat(this.spans).hasSpanCount(6).hasTraceSatisfying((trace) -> trace.hasRootSpan("POST /payments")
			.hasKind(SERVER)
			.hasAttribute("http.response.status_code", 200)
			.hasChild("process_payment", (process) -> process.hasKind(INTERNAL)
				.hasAttribute("payment.amount_cents", 4999)
				.hasAttribute("user.id", "u_1")
				.hasAttribute("tenant.id", "acme")
				.hasAttribute("payment.intent_id", "pi_123")
				.hasChildrenNamed("GET", "validate_payment", "provider_charge")
				.hasChild("GET", (users) -> users.hasKind(CLIENT)
					.hasAttribute("url.full", "http://localhost:" + userService.port() + "/users/u_1"))
				.hasChild("provider_charge", (charge) -> charge.hasAttribute("stripe.payment_intent_id", "pi_123")
					.hasChild("POST", (call) -> call.hasKind(CLIENT).hasAttribute("server.address", "127.0.0.1")))));
		String traceId = this.spans.awaitSpan("POST /payments").getTraceId();
		userService.verify(getRequestedFor(urlEqualTo("/users/u_1"))
			.withHeader("traceparent", matching("00-" + traceId + "-[0-9a-f]{16}-01")));
		provider.verify(postRequestedFor(urlEqualTo("/v1/payment_intents")).withoutHeader("traceparent")
			.withoutHeader("tracestate")
			.withoutHeader("baggage"));
		assertThat(this.spans).allSpans().doNotContainValue("sk_test_demo");
	}

	@Test
	void declinedCardIsRecordedOnTheBusinessSpans() {
		assertThat(pay("pm_card_declined")).isEqualTo(402);

		assertThat(this.spans).hasTraceSatisfying((trace) -> trace.hasRootSpan("POST /payments")
			.hasStatus(UNSET)
			.hasAttribute("http.response.status_code", 402)
			.hasChild("process_payment", (process) -> process.hasStatus(ERROR)
				.hasException(PaymentFailure.CardDeclined.class)
				.hasChild("validate_payment", (validate) -> validate.hasStatus(UNSET))
				.hasChild("provider_charge", (charge) -> charge.hasStatus(ERROR)
					.hasExceptionMessageContaining("card_declined")
					.hasChild("POST", (call) -> call.hasStatus(ERROR).hasAttribute("http.response.status_code",
							402)))));
		assertThat(this.spans).hasResourceSatisfying((resource) -> resource
			.hasAttribute(AttributeKey.stringKey("service.name"), "payment-service")
			.hasAttribute(AttributeKey.stringKey("team"), "payments"));
	}

	private int pay(String paymentMethodId) {
		return RestClient.create("http://127.0.0.1:" + this.port)
			.post()
			.uri("/payments")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"userId\":\"u_1\",\"amountCents\":4999,\"currency\":\"EUR\",\"paymentMethodId\":\""
					+ paymentMethodId + "\"}")
			.exchange((request, response) -> response.getStatusCode().value());
	}

}
