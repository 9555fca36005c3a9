package dev.tracing.viewer.web;

import java.net.http.HttpResponse;

import dev.tracing.viewer.OtlpSpans;
import dev.tracing.viewer.ViewerClient;
import dev.tracing.viewer.ViewerIntegrationTest;
import dev.tracing.viewer.ingest.OtlpGrpcServer;
import dev.tracing.viewer.ingest.OtlpHttpServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UI is served from the jar, and its deep links survive a reload.
 */
@ViewerIntegrationTest
class UiRoutesIntegrationTests {

	@Autowired
	private ViewerClient client;

	@Autowired
	private OtlpHttpServer otlpHttpServer;

	@Autowired
	private OtlpGrpcServer otlpGrpcServer;



	@Test
	void rootServesTheUi() {
		HttpResponse<String> response = this.client.get("/");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("text/html"));
		assertThat(response.body()).contains("<title>Trace Viewer</title>", "src=\"/app.js\"", "href=\"/app.css\"");
	}

	@Test
	void traceDeepLinksAndSearchLinksServeTheUi() {
		String index = this.client.get("/").body();
		HttpResponse<String> trace = this.client.get("/trace/" + OtlpSpans.randomTraceId());
		assertThat(trace.statusCode()).isEqualTo(200);
		assertThat(trace.body()).isEqualTo(index);
		HttpResponse<String> search = this.client.get("/search?service=x");
		assertThat(search.statusCode()).isEqualTo(200);
		assertThat(search.body()).isEqualTo(index);
	}

	@Test
	void scriptsAndStylesAreServedFromTheJar() {
		HttpResponse<String> script = this.client.get("/app.js");
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.body()).contains("function renderTrace");
		HttpResponse<String> styles = this.client.get("/app.css");
		assertThat(styles.statusCode()).isEqualTo(200);
		assertThat(styles.body()).contains(".wf-row");
	}

	@Test
	void statusReportsTheActualPorts() {
		JsonNode status = this.client.getJson("/api/viewer/status");
		assertThat(status.get("otlpHttpPort").asInt()).isEqualTo(this.otlpHttpServer.getPort());
		assertThat(status.get("otlpGrpcPort").asInt()).isEqualTo(this.otlpGrpcServer.getPort());
		assertThat(status.get("maxSpans").asInt()).isEqualTo(200_000);
		assertThat(status.get("spans").asInt()).isNotNegative();
	}

}
