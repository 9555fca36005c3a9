package dev.tracing.demo.user;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.tracing.test.CapturedSpans;
import dev.tracing.test.autoconfigure.AutoConfigureTracingCapture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's fix, switched on while user-service runs: the slow user's lookup reads only the 90 days it needs, with
 * the same answer, as its {@code load_account_history} span shows.
 */
// The same context as UserServiceTracingTests, so that both share one start-up
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "demo.database.latency-per-thousand-rows=0ms")
@AutoConfigureTracingCapture
class AccountHistoryFixIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private CapturedSpans spans;

	@Autowired
	private AccountHistory history;

	@Test
	void theBoundedQueryReadsOnlyTheRowsItUsesAndAnswersTheSame() throws Exception {
		this.history.setBounded(false);
		HttpResponse<String> before = send(HttpRequest.newBuilder(uri("/users/slow")).build());
		SpanData unbounded = lastHistorySpan();
		assertThat(unbounded.getAttributes().get(AttributeKey.longKey("account.events_read"))).isEqualTo(150_000);
		assertThat(unbounded.getAttributes().get(AttributeKey.stringKey("account.history_window")))
			.isEqualTo("unbounded");

		HttpResponse<String> fixed = send(HttpRequest.newBuilder(uri("/demo/account-history?bounded=true"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(fixed.body()).isEqualTo("{\"bounded\":true}");

		HttpResponse<String> after = send(HttpRequest.newBuilder(uri("/users/slow")).build());
		SpanData bounded = lastHistorySpan();
		long used = unbounded.getAttributes().get(AttributeKey.longKey("account.events_used"));
		assertThat(bounded.getAttributes().get(AttributeKey.longKey("account.events_read"))).isEqualTo(used);
		assertThat(bounded.getAttributes().get(AttributeKey.longKey("account.events_used"))).isEqualTo(used);
		assertThat(bounded.getAttributes().get(AttributeKey.longKey("account.recent_chargebacks")))
			.isEqualTo(unbounded.getAttributes().get(AttributeKey.longKey("account.recent_chargebacks")));
		assertThat(bounded.getAttributes().get(AttributeKey.stringKey("account.history_window"))).isEqualTo("90d");
		assertThat(after.body()).isEqualTo(before.body());
		List<SpanData> queries = this.spans.spansNamed("SELECT account_events");
		assertThat(queries.get(queries.size() - 1).getAttributes().get(AttributeKey.stringKey("db.query.text")))
			.isEqualTo(AccountHistory.RECENT_EVENTS_QUERY);
		this.history.setBounded(false);
	}

	private SpanData lastHistorySpan() {
		return this.spans.awaitSpan("load_account_history");
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response;
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
