package dev.tracing.demo.user;

import java.util.List;

import dev.tracing.test.CapturedSpans;
import dev.tracing.test.autoconfigure.AutoConfigureTracingCapture;
import io.opentelemetry.api.common.AttributeKey;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static io.opentelemetry.api.trace.SpanKind.CLIENT;
import static io.opentelemetry.api.trace.SpanKind.INTERNAL;
import static io.opentelemetry.api.trace.SpanKind.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * user-service as it runs, over real HTTP, with what it would export captured: the lookup's tree of spans, its
 * queries, and the resource it describes itself with.
 */
// The same context as AccountHistoryFixIntegrationTests, so that both share one start-up
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "demo.database.latency-per-thousand-rows=0ms")
@AutoConfigureTracingCapture
class UserServiceTracingTests {

	@Autowired
	CapturedSpans spans;

	@LocalServerPort
	int port;

	@Test
	void userLookupIsOneTreeWithItsQueries() {
		assertThat(get("/users/u_1001")).isEqualTo(200);

		assertThat(this.spans).hasSpanCount(4).hasTraceSatisfying((trace) -> trace.hasRootSpan("GET /users/{id}")
			.hasKind(SERVER)
			.hasAttribute("http.route", "/users/{id}")
			.hasChildrenNamed("SELECT users", "load_account_history")
			.hasChild("SELECT users", (query) -> query.hasKind(CLIENT)
				.hasAttribute("db.system.name", "h2database")
				.hasAttribute("db.query.text", "SELECT id, name, tenant_id, status FROM users WHERE id = ?")
				.hasAttribute("db.response.returned_rows", 1))
			.hasChild("load_account_history", (history) -> history.hasKind(INTERNAL)
				.hasAttribute("user.id", "u_1001")
				.hasAttribute("account.events_read", 20)
				.hasChild("SELECT account_events", (query) -> query.hasKind(CLIENT)
					.hasAttribute("db.response.returned_rows", 20))));
	}

	@Test
	void unknownUserIs404WithoutReadingAnyHistory() {
		assertThat(get("/users/u_nobody")).isEqualTo(404);

		assertThat(this.spans).hasTraceSatisfying((trace) -> trace.hasRootSpan("GET /users/{id}")
			.hasAttribute("http.response.status_code", 404)
			.hasChildrenNamed("SELECT users"));
		assertThat(this.spans).hasNoSpanNamed("load_account_history");
	}

	@Test
	void spansDescribeTheServiceInTheirResource() {
		get("/users/u_1002");

		assertThat(this.spans).hasResourceSatisfying((resource) -> resource
			.hasAttribute(AttributeKey.stringKey("service.name"), "user-service")
			.hasAttribute(AttributeKey.stringKey("deployment.environment.name"), "demo")
			.hasAttribute(AttributeKey.stringKey("team"), "identity"));
	}

	@Test
	void healthProbesMakeNoSpans() {
		for (String probe : List.of("liveness", "readiness")) {
			assertThat(get("/actuator/health/" + probe)).isEqualTo(200);
		}
		// A traced request afterwards, on the same connection-less client: once its span is there, a probe's
		// would have been too.
		get("/users/u_1002");
		assertThat(this.spans).hasSpanNamed("GET /users/{id}");
		assertThat(this.spans).allSpans().eachSatisfies((span) -> span.hasAttributesSatisfying(
				(attributes) -> assertThat(String.valueOf(attributes.get(AttributeKey.stringKey("url.path"))))
					.doesNotStartWith("/actuator")));
	}

	private int get(String path) {
		return RestClient.create("http://127.0.0.1:" + this.port).get().uri(path).exchange(
				(request, response) -> response.getStatusCode().value());
	}

}
