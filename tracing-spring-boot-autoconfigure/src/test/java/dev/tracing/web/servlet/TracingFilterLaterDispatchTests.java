package dev.tracing.web.servlet;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.tracing.web.QueryRedactor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server span's context is kept on the request only where a later dispatch of that request can read it: an async
 * dispatch, or an error page. Any other request does without the attribute.
 */
class TracingFilterLaterDispatchTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final TracingFilter filter = new TracingFilter(OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build(), new SkipPatterns(List.of()), true, new QueryRedactor(List.of()));

	@Test
	void shouldRunTheAsyncDispatchUnderTheServerSpan() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/slow");
		request.setAsyncSupported(true);
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<SpanContext> first = new AtomicReference<>();
		this.filter.doFilter(request, response, (req, res) -> {
			first.set(Span.current().getSpanContext());
			req.startAsync();
		});
		request.setDispatcherType(DispatcherType.ASYNC);
		AtomicReference<SpanContext> dispatched = new AtomicReference<>();
		this.filter.doFilter(request, response, (req, res) -> dispatched.set(Span.current().getSpanContext()));
		assertThat(first.get().isValid()).isTrue();
		assertThat(dispatched.get()).isEqualTo(first.get());
	}

	@Test
	void shouldKeepTheContextForAnErrorPage() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/missing");
		this.filter.doFilter(request, new MockHttpServletResponse(),
				(req, res) -> ((HttpServletResponse) res).sendError(404));
		assertThat(request.getAttribute(TracingFilter.SPAN_ATTRIBUTE)).isNotNull();
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
	}

	@Test
	void shouldNotSetTheAttributeOnARequestWithoutLaterDispatch() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/hello");
		this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
		});
		assertThat(request.getAttribute(TracingFilter.SPAN_ATTRIBUTE)).isNull();
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
	}

}
