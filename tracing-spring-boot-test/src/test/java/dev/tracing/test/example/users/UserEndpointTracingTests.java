package dev.tracing.test.example.users;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tracing.test.CapturedSpans;
import dev.tracing.test.autoconfigure.AutoConfigureTracingCapture;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.DbAttributes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.opentelemetry.api.trace.SpanKind.CLIENT;
import static io.opentelemetry.api.trace.SpanKind.SERVER;
import static io.opentelemetry.api.trace.StatusCode.ERROR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example: a controller that reads the user with JDBC and calls the accounts service (a WireMock stub)
 * with a {@code RestClient}, tested through real HTTP with the spans captured.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.application.name=users")
@AutoConfigureTracingCapture
class UserEndpointTracingTests {

	static final WireMockServer accounts = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	@Autowired
	CapturedSpans spans;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startAccounts() {
		accounts.start();
	}

	@AfterAll
	static void stopAccounts() {
		accounts.stop();
	}

	@DynamicPropertySource
	static void accountsUrl(DynamicPropertyRegistry registry) {
		registry.add("example.accounts.base-url", () -> "http://127.0.0.1:" + accounts.port());
	}

	@Test
	void userLookupIsOneTraceWithItsQueryAndItsCall() {
		accounts.stubFor(get("/accounts/u_1").willReturn(okJson("{\"plan\":\"pro\"}")));

		String body = RestClient.create("http://127.0.0.1:" + this.port).get().uri("/users/u_1").retrieve()
			.body(String.class);

		assertThat(body).contains("\"plan\":\"pro\"");
		assertThat(this.spans).hasTraceSatisfying((trace) -> trace.hasRootSpan("GET /users/{id}")
			.hasKind(SERVER)
			.hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 200L)
			.hasServiceName("users")
			.hasChild("SELECT users", (query) -> query.hasKind(CLIENT)
				.hasAttribute(DbAttributes.DB_QUERY_TEXT, "SELECT id, name FROM users WHERE id = ?"))
			.hasChild("GET", (call) -> call.hasKind(CLIENT)
				.hasAttribute(UrlAttributes.URL_FULL, "http://127.0.0.1:" + accounts.port() + "/accounts/u_1")
				.hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 200L)));
		// The accounts service was called within the same trace.
		String traceId = this.spans.awaitSpan("GET /users/{id}").getTraceId();
		accounts.verify(getRequestedFor(urlEqualTo("/accounts/u_1"))
			.withHeader("traceparent", matching("00-" + traceId + "-[0-9a-f]{16}-01")));
	}

	@Test
	void unknownUserIsNotLookedUpAtTheAccountsService() {
		int status = RestClient.create("http://127.0.0.1:" + this.port).get().uri("/users/u_404").exchange(
				(request, response) -> response.getStatusCode().value());

		assertThat(status).isEqualTo(404);
		assertThat(this.spans).hasTraceSatisfying((trace) -> trace.hasRootSpan("GET /users/{id}")
			.hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 404L)
			.hasChildrenNamed("SELECT users"));
		assertThat(this.spans).hasSpanCount(2).hasNoSpanNamed("GET");
	}

	@Test
	void failingAccountsServiceMakesTheClientSpanAnError() {
		accounts.stubFor(get("/accounts/u_2").willReturn(serverError()));

		int status = RestClient.create("http://127.0.0.1:" + this.port).get().uri("/users/u_2").exchange(
				(request, response) -> response.getStatusCode().value());

		assertThat(status).isEqualTo(500);
		assertThat(this.spans).hasTraceSatisfying((trace) -> trace.hasRootSpan("GET /users/{id}")
			.hasStatus(ERROR)
			.hasChild("GET", (call) -> call.hasStatus(ERROR).hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE,
					500L)));
	}

	@Test
	void cardNumbersAreMaskedBeforeTheyAreExported() {
		accounts.stubFor(get("/accounts/u_1").willReturn(okJson("{\"plan\":\"pro\"}")));

		RestClient.create("http://127.0.0.1:" + this.port).get()
			.uri("/users/u_1?note={note}", "paid with 4111111111111111")
			.retrieve()
			.toBodilessEntity();

		assertThat(this.spans).allSpans().doNotContainValue("4111111111111111");
		assertThat(this.spans).hasSpanNamed("GET /users/{id}").hasAttribute("user.note", "paid with REDACTED");
	}

}
