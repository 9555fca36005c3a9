package dev.tracing.bench.jmh;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tracing.propagation.HostExclusion;
import dev.tracing.web.QueryRedactor;
import dev.tracing.web.client.HttpClientTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;

/**
 * The starter's RestClient/RestTemplate interceptor around an execution that answers 200 at once, called under the
 * context a server request would have.
 * <ul>
 * <li>{@code none}: the execution alone (baseline);</li>
 * <li>{@code sampled}: under a sampled SERVER span, ratio 1.0: one CLIENT span, batched to a discarding exporter;</li>
 * <li>{@code unsampled}: under an unsampled SERVER span (ratio 0.0): what 90% of calls see at ratio 0.1;</li>
 * <li>{@code skipped}: under the unsampled context the filter gives skipped requests;</li>
 * <li>{@code disabled}: the interceptor over {@code OpenTelemetry.noop()}.</li>
 * </ul>
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m", "-XX:+UseSerialGC" })
public class ClientInterceptorBenchmark {

	@Param({ "none", "sampled", "unsampled", "skipped", "disabled" })
	public String mode;

	private Sdk sdk;

	private ClientHttpRequestInterceptor interceptor;

	private MockClientHttpRequest request;

	private ClientHttpRequestExecution execution;

	private Context parent;

	private Span serverSpan;

	private long operations;

	private final byte[] body = new byte[0];

	@Setup(Level.Trial)
	public void setUp() {
		this.sdk = switch (this.mode) {
			case "disabled" -> Sdk.noop();
			case "unsampled" -> Sdk.withRatio(0.0);
			default -> Sdk.withRatio(1.0);
		};
		this.interceptor = new HttpClientTracing(this.sdk.openTelemetry, HostExclusion.none(),
				new QueryRedactor(List.of()))
			.interceptor();
		this.request = new MockClientHttpRequest(HttpMethod.GET, URI.create("http://127.0.0.1:8080/hello"));
		ClientHttpResponse response = new MockClientHttpResponse(new byte[0], HttpStatus.OK);
		this.execution = (request, body) -> response;
		if (this.mode.equals("skipped")) {
			this.parent = Context.root()
				.with(Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
						TraceFlags.getDefault(), TraceState.getDefault())));
		}
		else {
			this.serverSpan = this.sdk.openTelemetry.getTracer("bench")
				.spanBuilder("GET /chain")
				.setSpanKind(SpanKind.SERVER)
				.startSpan();
			this.parent = Context.root().with(this.serverSpan);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		if (this.serverSpan != null) {
			this.serverSpan.end();
		}
		this.sdk.close();
		System.out.printf("%n[client %s] operations=%d exported spans=%d%n", this.mode, this.operations,
				this.sdk.exported());
	}

	// Spans exported by the trial, once torn down.
	long exported() {
		return this.sdk.exported();
	}

	@Benchmark
	public ClientHttpResponse intercept() throws IOException {
		this.operations++;
		try (Scope ignored = this.parent.makeCurrent()) {
			if (this.mode.equals("none")) {
				return this.execution.execute(this.request, this.body);
			}
			return this.interceptor.intercept(this.request, this.body, this.execution);
		}
	}

}
