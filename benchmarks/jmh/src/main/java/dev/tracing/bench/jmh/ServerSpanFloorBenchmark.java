package dev.tracing.bench.jmh;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tracing.web.servlet.TracingFilter;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.ServiceAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.context.support.GenericWebApplicationContext;
import org.springframework.web.servlet.HandlerMapping;

/**
 * A traced {@code GET /hello} against the SDK's own floor: one SERVER span, made current around the same chain,
 * ended, batched by the SDK's {@link BatchSpanProcessor} and serialized to OTLP protobuf by the real
 * {@link OtlpHttpSpanExporter} ({@link MemoryMode#REUSABLE_DATA}), posted to an {@link OtlpSink} on loopback.
 * <ul>
 * <li>{@code floor}: the bare SDK, written by hand as the least an instrumentation can do: the span
 * {@link TracingFilter} makes (same name, kind and attributes, from the same request), default sampler, no
 * propagation, no MDC, nothing between the batch processor and the exporter;</li>
 * <li>{@code starter}: {@link TracingFilter} from the starter's auto-configuration in a Spring application (its
 * environment post-processors, so the MDC hook, and every auto-configuration on this class path), with the exporter
 * chain it builds: bounded batch processor, export statistics, redaction, the OTLP exporter.</li>
 * </ul>
 * An invocation serves {@value #SPANS} requests, one full batch, then flushes and waits for the sink's answer, so no
 * span is dropped on a full queue and the time and allocation of the export are those of every span. JMH's
 * {@code -prof gc} counts the threads alive at both ends of an iteration, the export threads included; each
 * iteration also prints the bytes and CPU time per span of each group of threads ({@link ThreadUsage}). JMH's ns/op is
 * the benchmark thread's wall clock and includes waiting for the export's loopback round trip (tens of milliseconds per batch on the
 * machine it was written on, threads idle); the CPU time per span is the figure to compare.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m", "-XX:+UseSerialGC" })
public class ServerSpanFloorBenchmark {

	static final int SPANS = 512;

	private static final String ROUTE = "/hello";

	private static final String NAME = "GET " + ROUTE;

	@Param({ "floor", "starter" })
	public String path;

	private OtlpSink sink;

	private SdkTracerProvider tracerProvider;

	private Tracer tracer;

	private ConfigurableApplicationContext context;

	private TracingFilter filter;

	private FixedRequest request;

	private FixedResponse response;

	private FilterChain chain;

	private long operations;

	private ThreadUsage iterationStart;

	private long benchmarkThread;

	@Setup(Level.Trial)
	public void setUp() {
		setUp(false);
	}

	void setUp(boolean keepBodies) {
		this.sink = new OtlpSink(keepBodies);
		this.request = new FixedRequest("GET", ROUTE, "127.0.0.1", 8080, "wrk");
		this.response = new FixedResponse();
		// What Spring MVC does for GET /hello, as far as the span can see: the matched route and the status.
		this.chain = (request, response) -> {
			request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, ROUTE);
			((HttpServletResponse) response).setStatus(200);
		};
		if (this.path.equals("starter")) {
			this.context = starterApplication(this.sink.endpoint());
			this.tracerProvider = this.context.getBean(SdkTracerProvider.class);
			this.filter = (TracingFilter) this.context.getBean("tracingFilterRegistration", FilterRegistrationBean.class)
				.getFilter();
			System.out.printf("%n[floor-vs-starter starter] %s, context storage %s%n", this.tracerProvider,
					ContextStorage.get().getClass().getName());
		}
		else {
			this.tracerProvider = SdkTracerProvider.builder()
				.setResource(Resource.getDefault()
					.merge(Resource.create(Attributes.of(ServiceAttributes.SERVICE_NAME, "bench-app"))))
				.addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
					.setEndpoint(this.sink.endpoint() + "/v1/traces")
					.setMemoryMode(MemoryMode.REUSABLE_DATA)
					.build()).build())
				.build();
			this.tracer = this.tracerProvider.get("bench-floor");
		}
	}

	// As a Spring Boot application with the starter starts, minus the web server: a servlet web application context
	// (so the servlet auto-configuration applies), the environment post-processors, every auto-configuration.
	private static ConfigurableApplicationContext starterApplication(String endpoint) {
		return new SpringApplicationBuilder(StarterApplication.class).web(WebApplicationType.NONE)
			.contextFactory((type) -> {
				GenericWebApplicationContext context = new GenericWebApplicationContext(new MockServletContext());
				AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
				return context;
			})
			.properties(Map.of("spring.application.name", "bench-app", "spring.main.banner-mode", "off",
					"logging.level.root", "warn", "tracing.export.otlp.endpoint", endpoint,
					"tracing.export.otlp.protocol", "http/protobuf", "tracing.sampling.ratio", "1.0"))
			.run();
	}

	@Setup(Level.Iteration)
	public void startIteration() {
		this.benchmarkThread = Thread.currentThread().getId();
		this.iterationStart = ThreadUsage.snapshot();
		this.operations = 0;
	}

	@TearDown(Level.Iteration)
	public void endIteration() {
		Map<String, long[]> used = ThreadUsage.snapshot().since(this.iterationStart, this.benchmarkThread);
		long spans = Math.max(1, this.operations);
		StringBuilder bytes = new StringBuilder();
		StringBuilder cpu = new StringBuilder();
		long[] total = new long[2];
		used.forEach((group, usage) -> {
			bytes.append(' ').append(group).append('=').append(usage[0] / spans);
			cpu.append(' ').append(group).append('=').append(usage[1] / spans);
			total[0] += usage[0];
			total[1] += usage[1];
		});
		System.out.printf("%n[floor-vs-starter %s] per span, B:%s, all but sink=%d; CPU ns:%s, all but sink=%d"
				+ " (spans=%d, export requests=%d)%n", this.path, bytes, (total[0] - used.get("sink")[0]) / spans, cpu,
				(total[1] - used.get("sink")[1]) / spans, this.operations, this.sink.requests());
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		if (this.context != null) {
			this.context.close();
		}
		else {
			this.tracerProvider.close();
		}
		this.sink.close();
	}

	OtlpSink sink() {
		return this.sink;
	}

	@Benchmark
	@OperationsPerInvocation(SPANS)
	public void tracedRequests() throws IOException, ServletException {
		for (int i = 0; i < SPANS; i++) {
			if (this.filter != null) {
				this.filter.doFilter(this.request, this.response, this.chain);
			}
			else {
				floorRequest();
			}
		}
		this.operations += SPANS;
		this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
	}

	// The span TracingFilter makes for this request, with the SDK's API alone: the request attributes at start, the
	// route and the status at the end, as the route is known only once Spring MVC has matched it.
	private void floorRequest() throws IOException, ServletException {
		FixedRequest request = this.request;
		Span span = this.tracer.spanBuilder(NAME)
			.setSpanKind(SpanKind.SERVER)
			.setAttribute(HttpAttributes.HTTP_REQUEST_METHOD, request.getMethod())
			.setAttribute(UrlAttributes.URL_PATH, request.getRequestURI())
			.setAttribute(UrlAttributes.URL_SCHEME, request.getScheme())
			.setAttribute(ServerAttributes.SERVER_ADDRESS, request.getServerName())
			.setAttribute(ServerAttributes.SERVER_PORT, (long) request.getServerPort())
			.setAttribute(ClientAttributes.CLIENT_ADDRESS, request.getRemoteAddr())
			.setAttribute(UserAgentAttributes.USER_AGENT_ORIGINAL, request.getHeader("User-Agent"))
			.setAttribute(NetworkAttributes.NETWORK_PROTOCOL_VERSION, "1.1")
			.startSpan();
		try (Scope ignored = span.makeCurrent()) {
			this.chain.doFilter(request, this.response);
		}
		span.setAttribute(HttpAttributes.HTTP_ROUTE,
				(String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
		span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) this.response.getStatus());
		span.end();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class StarterApplication {

	}

}
