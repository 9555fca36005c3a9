package dev.tracing.bench.jmh;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tracing.web.QueryRedactor;
import dev.tracing.web.servlet.SkipPatterns;
import dev.tracing.web.servlet.TracingFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The starter's {@link TracingFilter} (over a {@link FixedRequest}) around a chain that does what Spring MVC does for {@code GET /hello} (sets the
 * matched route and the status), with the real SDK behind it.
 * <ul>
 * <li>{@code none}: the chain alone, no filter (the baseline to subtract);</li>
 * <li>{@code sampled}: ratio 1.0, one SERVER span per request, batched to a discarding exporter;</li>
 * <li>{@code unsampled}: ratio 0.0, the sampler says no (what 90% of requests see at ratio 0.1);</li>
 * <li>{@code skipped}: ratio 1.0 but {@code /actuator/health}, a default skip pattern;</li>
 * <li>{@code disabled}: the filter over {@code OpenTelemetry.noop()}.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m", "-XX:+UseSerialGC" })
public class TracingFilterBenchmark {

	static final List<String> DEFAULT_SKIP_PATTERNS = List.of("/actuator/**", "/health/**", "/health/live",
			"/health/ready", "/favicon.ico");

	@Param({ "none", "sampled", "unsampled", "skipped", "disabled" })
	public String mode;

	/**
	 * {@code starter}: the starter's own sampler (attributes only on recording spans); {@code application}: the same
	 * decisions from a sampler the application defines (attributes computed before every span starts).
	 */
	@Param({ "starter", "application" })
	public String sampler;

	private Sdk sdk;

	private TracingFilter filter;

	private MockHttpServletRequest request;

	private MockHttpServletResponse response;

	private FilterChain chain;

	private long operations;

	@Setup(Level.Trial)
	public void setUp() {
		double ratio = this.mode.equals("unsampled") ? 0.0 : 1.0;
		this.sdk = this.mode.equals("disabled") ? Sdk.noop()
				: this.sampler.equals("application") ? Sdk.withApplicationSampler(ratio) : Sdk.withRatio(ratio);
		SkipPatterns skipPatterns = new SkipPatterns(DEFAULT_SKIP_PATTERNS);
		this.filter = new TracingFilter(this.sdk.openTelemetry, skipPatterns, true, new QueryRedactor(List.of()));
		String path = this.mode.equals("skipped") ? "/actuator/health" : "/hello";
		this.request = new FixedRequest("GET", path, "127.0.0.1", 8080, "wrk");
		this.response = new MockHttpServletResponse();
		this.chain = (request, response) -> {
			request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, path);
			((HttpServletResponse) response).setStatus(200);
		};
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.sdk.close();
		System.out.printf("%n[filter %s %s] operations=%d exported spans=%d%n", this.sampler, this.mode,
				this.operations,
				this.sdk.exported());
	}

	// Spans exported by the trial, once torn down.
	long exported() {
		return this.sdk.exported();
	}

	@Benchmark
	public void doFilter() throws IOException, ServletException {
		this.operations++;
		if (this.filter == null || this.mode.equals("none")) {
			this.chain.doFilter(this.request, this.response);
		}
		else {
			this.filter.doFilter(this.request, this.response, this.chain);
		}
	}

}
