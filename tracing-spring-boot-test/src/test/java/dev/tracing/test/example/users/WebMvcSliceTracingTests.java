package dev.tracing.test.example.users;

import dev.tracing.test.CapturedSpans;
import dev.tracing.test.autoconfigure.AutoConfigureTracingCapture;
import io.opentelemetry.semconv.HttpAttributes;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static io.opentelemetry.api.trace.SpanKind.SERVER;
import static io.opentelemetry.api.trace.StatusCode.ERROR;
import static io.opentelemetry.api.trace.StatusCode.UNSET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @WebMvcTest} with {@code @AutoConfigureTracingCapture}: the starter's filter runs in MockMvc's filter
 * chain and the server spans are captured, without a server or a database.
 */
@WebMvcTest(StatusController.class)
@AutoConfigureTracingCapture
class WebMvcSliceTracingTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	CapturedSpans spans;

	@Test
	void serverSpanOfAClientErrorIsNotAnError() {
		assertThat(this.mvc.get().uri("/status/404")).hasStatus(404);

		assertThat(this.spans).hasSpanCount(1)
			.hasSpanNamed("GET /status/{code}")
			.hasKind(SERVER)
			.hasStatus(UNSET)
			.hasAttribute(HttpAttributes.HTTP_ROUTE, "/status/{code}")
			.hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 404L);
	}

	@Test
	void serverSpanOfAFailingHandlerIsAnErrorWithTheException() {
		assertThat(this.mvc.get().uri("/status/999")).hasFailed();

		assertThat(this.spans).hasSpanNamed("GET /status/{code}")
			.hasStatus(ERROR)
			.hasException(IllegalStateException.class)
			.hasExceptionMessageContaining("status 999 asked for");
	}

}
