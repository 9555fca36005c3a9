package dev.tracing.web.client;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tracing.propagation.HostExclusion;
import dev.tracing.sampling.RatioSampler;
import dev.tracing.sampling.Untraced;
import dev.tracing.web.QueryRedactor;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the {@code RestClient} and {@code RestTemplate} instrumentation itself allocates on a call that records no
 * span (under an unsampled parent, under a skipped request's untraced context, to an excluded host): nothing beyond
 * the {@code traceparent} it must send. The CLIENT span needs a {@link ClientHttpRequestInterceptor}, and Spring wraps
 * every request of a client with any interceptor in its intercepting request (body buffer, header copy): that cost is
 * Spring's, the same for any interceptor, and printed here for the record. So each arm is compared with a client
 * holding a plain interceptor that does as much on the wire: sets a {@code traceparent} of the same length, made per
 * call, or nothing for an excluded host.
 * <p>
 * The request factory answers without I/O, so that a figure is the client's own to the byte; bytes are counted on this
 * thread ({@code ThreadMXBean#getThreadAllocatedBytes}), in interleaved windows, and an arm's figure is the median of its
 * windows. It runs in the module's {@code allocation} surefire execution, after the Tomcat applications of
 * {@code AllocationPerRequestIntegrationTests}. Measured there (Boot 4.0.9, JDK 17, three JVMs): Spring's intercepting
 * request 2,472 to 2,488 B per call and a header set in it 512 B; the instrumentation 96 B over its floor under an
 * unsampled parent, to an excluded host and for {@code RestTemplate}, 160 B under the untraced context. Alone in a
 * fresh JVM the JIT removes those 96 B: 0 and 160 B.
 * <p>
 * Propagation only ({@code tracing.http.client.spans=false}) sets the header from a {@code ClientHttpRequestInitializer},
 * so Spring creates no intercepting request; its floor is a plain initializer setting a {@code traceparent}. Measured
 * the same way (three JVMs): 96 B over that floor for {@code RestClient} and {@code RestTemplate} under an unsampled
 * parent, 0 B alone in a fresh JVM; the intercepting request costs 2,608 to 2,624 B per call more than the initializer
 * path (an interceptor setting the header against an initializer setting it; 2,592 B in a fresh JVM), which is what a
 * propagation-only call saves against a traced one under the same parent (8,000 against 10,608 to 10,640 B here).
 */
@Tag("allocation")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCallAllocationTests {

	/** A {@code traceparent} with the length of any other: version, trace id, span id, flags. */
	private static final char[] TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00".toCharArray();

	/**
	 * Room for what the JIT makes of the same work: in a JVM that has also run Tomcat applications (the
	 * {@code allocation} execution), a call allocates 96 B more than its floor, which escape analysis removes in a
	 * fresh JVM.
	 */
	private static final long TOLERANCE = 128;

	/** The ids an untraced context draws for each call it propagates: a 32- and a 16-character string. */
	private static final long FRESH_IDS = 160;

	private static final int WARM_UP = 50_000;

	private static final int WINDOW = 10_000;

	private static final int WINDOWS = 7;

	private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
		.setTracerProvider(SdkTracerProvider.builder().setSampler(new RatioSampler(0.5)).build())
		.setPropagators(ContextPropagators.create(TextMapPropagator
			.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
		.build();

	private final Map<String, Long> measured = new LinkedHashMap<>();

	@BeforeAll
	void measure() {
		assertThat(this.threads.isThreadAllocatedMemorySupported()).isTrue();
		this.threads.setThreadAllocatedMemoryEnabled(true);
		Context unsampled = Context.root()
			.with(Span.wrap(SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
					TraceFlags.getDefault(), TraceState.getDefault())));
		HttpClientTracing tracing = new HttpClientTracing(this.sdk, HostExclusion.none(), new QueryRedactor(List.of()));
		HttpClientTracing excluding = new HttpClientTracing(this.sdk, HostExclusion.of(List.of("127.0.0.1")),
				new QueryRedactor(List.of()));
		Map<String, Runnable> arms = new LinkedHashMap<>();
		arms.put("no interceptor", call(builder(), Context.root()));
		arms.put("interceptor setting a traceparent", call(builder().requestInterceptor((request, body, execution) -> {
			// A string of its own per call, as a propagator writes
			request.getHeaders().set("traceparent", String.valueOf(TRACEPARENT));
			return execution.execute(request, body);
		}), Context.root()));
		arms.put("interceptor doing nothing",
				call(builder().requestInterceptor((request, body, execution) -> execution.execute(request, body)),
						Context.root()));
		arms.put("traced, unsampled parent", call(tracing.instrument(builder()), unsampled));
		arms.put("traced, untraced context", call(tracing.instrument(builder()), Untraced.context()));
		arms.put("traced, excluded host, unsampled parent", call(excluding.instrument(builder()), unsampled));
		RestTemplate withHeader = restTemplate();
		withHeader.getInterceptors().add((request, body, execution) -> {
			request.getHeaders().set("traceparent", String.valueOf(TRACEPARENT));
			return execution.execute(request, body);
		});
		arms.put("RestTemplate, interceptor setting a traceparent", call(withHeader, Context.root()));
		arms.put("traced RestTemplate, unsampled parent", call(tracing.instrument(restTemplate()), unsampled));
		// Propagation only (tracing.http.client.spans=false): an initializer, so no intercepting request
		HttpClientTracing propagating = HttpClientTracing.propagationOnly(this.sdk, HostExclusion.none());
		arms.put("initializer setting a traceparent", call(builder().requestInitializer((request) -> request
			.getHeaders()
			.set("traceparent", String.valueOf(TRACEPARENT))), Context.root()));
		arms.put("propagation only, unsampled parent", call(propagating.instrument(builder()), unsampled));
		RestTemplate initializedWithHeader = restTemplate();
		initializedWithHeader.getClientHttpRequestInitializers()
			.add((request) -> request.getHeaders().set("traceparent", String.valueOf(TRACEPARENT)));
		arms.put("RestTemplate, initializer setting a traceparent", call(initializedWithHeader, Context.root()));
		arms.put("propagation-only RestTemplate, unsampled parent",
				call(propagating.instrument(restTemplate()), unsampled));
		arms.values().forEach((arm) -> run(arm, WARM_UP));
		Map<String, long[]> windows = new LinkedHashMap<>();
		for (int window = 0; window < WINDOWS; window++) {
			for (Map.Entry<String, Runnable> arm : arms.entrySet()) {
				long before = this.threads.getCurrentThreadAllocatedBytes();
				run(arm.getValue(), WINDOW);
				windows.computeIfAbsent(arm.getKey(), (name) -> new long[WINDOWS])[window] = (this.threads
					.getCurrentThreadAllocatedBytes() - before) / WINDOW;
			}
		}
		windows.forEach((name, values) -> {
			long[] sorted = values.clone();
			Arrays.sort(sorted);
			this.measured.put(name, sorted[WINDOWS / 2]);
		});
		System.out.println("Bytes allocated per call (median of " + WINDOWS + " windows of " + WINDOW
				+ " calls): " + this.measured);
		System.out.println("Spring's intercepting request (interceptor minus initializer, each setting a traceparent): "
				+ (this.measured.get("interceptor setting a traceparent")
						- this.measured.get("initializer setting a traceparent"))
				+ " B per call; under an unsampled parent, a traced call " + this.measured.get("traced, unsampled parent")
				+ " B, a propagation-only call " + this.measured.get("propagation only, unsampled parent") + " B");
	}

	@AfterAll
	void close() {
		this.sdk.close();
	}

	@Test
	void callUnderAnUnsampledParentAllocatesNoMoreThanTheHeaderItSends() {
		assertThat(this.measured.get("traced, unsampled parent")).as("traced call under an unsampled parent, bytes")
			.isLessThanOrEqualTo(this.measured.get("interceptor setting a traceparent") + TOLERANCE);
	}

	@Test
	void callUnderTheUntracedContextAllocatesNoMoreThanTheHeaderAndItsFreshIds() {
		assertThat(this.measured.get("traced, untraced context")).as("traced call under the untraced context, bytes")
			.isLessThanOrEqualTo(this.measured.get("interceptor setting a traceparent") + FRESH_IDS + TOLERANCE);
	}

	@Test
	void callToAnExcludedHostAllocatesNoMoreThanAnInterceptorThatDoesNothing() {
		assertThat(this.measured.get("traced, excluded host, unsampled parent"))
			.as("traced call to an excluded host under an unsampled parent, bytes")
			.isLessThanOrEqualTo(this.measured.get("interceptor doing nothing") + TOLERANCE);
	}

	@Test
	void restTemplateCallUnderAnUnsampledParentAllocatesNoMoreThanTheHeaderItSends() {
		assertThat(this.measured.get("traced RestTemplate, unsampled parent"))
			.as("traced RestTemplate call under an unsampled parent, bytes")
			.isLessThanOrEqualTo(this.measured.get("RestTemplate, interceptor setting a traceparent") + TOLERANCE);
	}

	@Test
	void propagationOnlyCallUnderAnUnsampledParentAllocatesNoMoreThanTheHeaderItSends() {
		assertThat(this.measured.get("propagation only, unsampled parent"))
			.as("propagation-only call under an unsampled parent, bytes")
			.isLessThanOrEqualTo(this.measured.get("initializer setting a traceparent") + TOLERANCE);
	}

	@Test
	void propagationOnlyRestTemplateCallUnderAnUnsampledParentAllocatesNoMoreThanTheHeaderItSends() {
		assertThat(this.measured.get("propagation-only RestTemplate, unsampled parent"))
			.as("propagation-only RestTemplate call under an unsampled parent, bytes")
			.isLessThanOrEqualTo(this.measured.get("RestTemplate, initializer setting a traceparent") + TOLERANCE);
	}

	private static RestClient.Builder builder() {
		return RestClient.builder().requestFactory(ClientCallAllocationTests::answer).baseUrl("http://127.0.0.1:8080");
	}

	private static RestTemplate restTemplate() {
		return new RestTemplate(ClientCallAllocationTests::answer);
	}

	private static ClientHttpRequest answer(URI uri, HttpMethod method) {
		MockClientHttpRequest request = new MockClientHttpRequest(method, uri);
		request.setResponse(new MockClientHttpResponse(new byte[] { 'h', 'i' }, HttpStatus.OK));
		return request;
	}

	private static Runnable call(RestTemplate restTemplate, Context context) {
		return () -> {
			try (Scope ignored = context.makeCurrent()) {
				restTemplate.getForObject("http://127.0.0.1:8080/hello", String.class);
			}
		};
	}

	private static Runnable call(RestClient.Builder builder, Context context) {
		RestClient client = builder.build();
		return () -> {
			try (Scope ignored = context.makeCurrent()) {
				client.get().uri("/hello").retrieve().body(String.class);
			}
		};
	}

	private static void run(Runnable call, int times) {
		for (int i = 0; i < times; i++) {
			call.run();
		}
	}

}
