package dev.tracing.web.allocation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The regression check of what an unsampled or skipped request costs: bytes allocated per request by the serving
 * threads of a real Tomcat, for real HTTP requests on loopback, in applications that differ only in the starter and its
 * settings, all in this JVM and measured in interleaved windows (A B C … A B C …), so that the JIT and the machine treat
 * every arm alike. The untraced baseline is measured twice; the difference of the two is the noise of the measure,
 * and it must be small for the other figures to mean anything.
 * <p>
 * Allocation is counted by the JVM per thread ({@code ThreadMXBean#getThreadAllocatedBytes}): deterministic, unlike
 * CPU time on a shared machine. The client is a raw keep-alive socket on the test's thread, which is not counted. An
 * arm's figure is the median of its windows: windows of one arm differ by a few tens of bytes, now and then by a step
 * of a few hundred (a deoptimisation, a pool thread starting), and the median of neither kind moves far; the smallest
 * window, tried first, let one low window of an untraced arm fail the noise check. It runs in a JVM of its own (the
 * module's {@code allocation} surefire execution), without Spring Boot's OpenTelemetry tracing module, which the
 * module's other tests have on their class path and an application with the starter alone does not: its listener wraps
 * the JVM's context storage in Micrometer's event-publishing wrapper, which allocated 40 to 130 B more per attach.
 * <p>
 * Budgets, bytes per request more than untraced:
 * <ul>
 * <li>{@code /hello} unsampled (ratio 0): {@value #UNSAMPLED_BUDGET} (measured: 40; 70 to 170 with Boot's wrapper; the
 * issue's target is 128);</li>
 * <li>{@code /hello} skipped: {@value #SKIPPED_BUDGET} (measured: 32, the scope object that OpenTelemetry's context
 * storage allocates for each attach, here of the untraced context; the target of 0 is not met);</li>
 * <li>{@code /chain} unsampled, two requests and one {@code RestClient} call: {@value #CHAIN_UNSAMPLED_BUDGET}
 * (measured: 3,767; 3,860 to 3,910 with Boot's wrapper). About 2,400 B are Spring's intercepting request, which
 * wraps every request of a client that has an interceptor (body buffer, header copy; the CLIENT span of sampled calls
 * needs the interceptor), about 600 B the {@code traceparent} sent through it, the rest the downstream {@code /hello}
 * reading it: the starter's own
 * code adds nothing to an unsampled call ({@code ClientCallAllocationTests} checks it against an interceptor that sets
 * the same header);</li>
 * <li>{@code /chain} skipped: {@value #CHAIN_SKIPPED_BUDGET} (measured: 3,145; 3,190 to 3,270 with Boot's wrapper): the
 * same call, with ids drawn for it, and a downstream request that is skipped too;</li>
 * <li>{@code /chain} unsampled with {@code tracing.http.client.spans=false}: {@value #CHAIN_PROPAGATION_ONLY_BUDGET}
 * (measured: 1,170; 1,311 and 1,315 with Boot's wrapper, against 3,898 and 3,909 through the interceptor in the same
 * JVMs): the call goes without Spring's intercepting request; what is left is the {@code traceparent} set on the
 * request and the downstream {@code /hello} reading it and running under it;</li>
 * <li>tracing disabled: none, within the noise.</li>
 * </ul>
 * These budgets catch what the path cost before (a span, a context and ids per request: +2.3 KB) and anything of that
 * size; a regression of a few tens of bytes passes, because two JVMs of the same code differ by that much. Two untraced
 * arms agreed within 2 to 87 B on {@code /hello} and 5 to 86 B on {@code /chain} in the runs so far (Boot 4.0 and
 * 4.1, JDK 17 and 25), but for one run on a host loaded by three other builds: 225 B on {@code /hello}, hence a
 * tolerance of {@value #TOLERANCE} B there.
 */
@Tag("allocation")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllocationPerRequestIntegrationTests {

	/**
	 * Allowed difference for "allocates nothing more": two untraced arms must also agree within it. Twice the 87 B seen
	 * on a quiet host, above the 225 B of the one run on a host loaded by three other builds: still a tenth of what one
	 * span, context and ids per request cost.
	 */
	static final long TOLERANCE = 256;

	/** The same for {@code /chain}, whose two requests and call make more noise. */
	static final long CHAIN_TOLERANCE = 128;

	static final long UNSAMPLED_BUDGET = 256;

	static final long SKIPPED_BUDGET = 256;

	static final long CHAIN_UNSAMPLED_BUDGET = 4_096;

	static final long CHAIN_SKIPPED_BUDGET = 3_456;

	static final long CHAIN_PROPAGATION_ONLY_BUDGET = 1_536;

	private static final int WARM_UP = Integer.getInteger("allocation.warm-up", 10_000);

	private static final int WINDOW = 2_000;

	private static final int WINDOWS = 7;

	private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private final Map<String, Arm> arms = new LinkedHashMap<>();

	private final Map<String, Long> measured = new LinkedHashMap<>();

	@BeforeAll
	void startApplications() throws IOException {
		assertThat(this.threads.isThreadAllocatedMemorySupported()).as("per-thread allocation counting in this JVM")
			.isTrue();
		this.threads.setThreadAllocatedMemoryEnabled(true);
		arm("untraced", AllocationTestApplications.Untraced.class);
		arm("untraced again", AllocationTestApplications.Untraced.class);
		arm("disabled", AllocationTestApplications.Traced.class, "tracing.enabled=false");
		arm("unsampled", AllocationTestApplications.Traced.class, "tracing.sampling.ratio=0");
		arm("skipped", AllocationTestApplications.Traced.class, "tracing.http.server.skip-patterns=/hello,/chain");
		arm("unsampled propagation-only", AllocationTestApplications.Traced.class, "tracing.sampling.ratio=0",
				"tracing.http.client.spans=false");
		for (String path : List.of("/hello", "/chain")) {
			for (Arm arm : this.arms.values()) {
				arm.client(path).run(WARM_UP);
			}
		}
		for (String path : List.of("/hello", "/chain")) {
			Map<String, long[]> windows = new HashMap<>();
			for (int window = 0; window < WINDOWS; window++) {
				for (Map.Entry<String, Arm> arm : this.arms.entrySet()) {
					windows.computeIfAbsent(arm.getKey(), (name) -> new long[WINDOWS])[window] = arm.getValue()
						.bytesPerRequest(path);
				}
			}
			windows.forEach((name, values) -> {
				long[] sorted = values.clone();
				Arrays.sort(sorted);
				this.measured.put(name + " " + path, sorted[sorted.length / 2]);
				System.out.println(name + " " + path + " windows: " + Arrays.toString(values));
			});
		}
		System.out.println("Bytes allocated per request by the serving threads (median of " + WINDOWS + " windows of "
				+ WINDOW + " requests, after " + WARM_UP + " to warm up): " + this.measured);
	}

	@AfterAll
	void stopApplications() {
		this.arms.values().forEach(Arm::close);
	}

	@Test
	void measureIsSteadyEnoughToTellZeroFromSomething() {
		assertThat(Math.abs(extra("untraced again", "/hello"))).as("untraced vs untraced on /hello: the measure's noise")
			.isLessThanOrEqualTo(TOLERANCE);
		assertThat(Math.abs(extra("untraced again", "/chain"))).as("untraced vs untraced on /chain: the measure's noise")
			.isLessThanOrEqualTo(CHAIN_TOLERANCE);
		assertThat(this.measured.get("untraced /hello")).as("the baseline itself").isPositive();
	}

	@Test
	void skippedRequestAllocatesAlmostNothingMore() {
		assertThat(extra("skipped", "/hello")).as("skipped /hello vs untraced, bytes").isLessThanOrEqualTo(SKIPPED_BUDGET);
	}

	@Test
	void unsampledRequestAllocatesAlmostNothingMore() {
		assertThat(extra("unsampled", "/hello")).as("unsampled /hello vs untraced, bytes")
			.isLessThanOrEqualTo(UNSAMPLED_BUDGET);
	}

	@Test
	void unsampledCallAllocatesNoMoreThanItsPropagationAndSpringsInterceptorChain() {
		assertThat(extra("unsampled", "/chain")).as("unsampled /chain (two requests, one call) vs untraced, bytes")
			.isLessThanOrEqualTo(CHAIN_UNSAMPLED_BUDGET);
	}

	@Test
	void skippedCallAllocatesNoMoreThanItsPropagationAndSpringsInterceptorChain() {
		assertThat(extra("skipped", "/chain")).as("skipped /chain (two requests, one call) vs untraced, bytes")
			.isLessThanOrEqualTo(CHAIN_SKIPPED_BUDGET);
	}

	@Test
	void unsampledPropagationOnlyCallAllocatesItsPropagationAlone() {
		assertThat(extra("unsampled propagation-only", "/chain"))
			.as("unsampled /chain with tracing.http.client.spans=false vs untraced, bytes")
			.isLessThanOrEqualTo(CHAIN_PROPAGATION_ONLY_BUDGET);
	}

	@Test
	void disabledTracingAllocatesNothingMore() {
		assertThat(extra("disabled", "/hello")).as("tracing.enabled=false /hello vs untraced, bytes")
			.isLessThanOrEqualTo(TOLERANCE);
		assertThat(extra("disabled", "/chain")).as("tracing.enabled=false /chain vs untraced, bytes")
			.isLessThanOrEqualTo(CHAIN_TOLERANCE);
	}

	@Test
	void traceStarterArmIncludesEveryAutoConfigurationOfTheStarter() throws IOException {
		Set<String> starter = autoConfigurations("META-INF/spring/"
				+ "org.springframework.boot.autoconfigure.AutoConfiguration.imports", "dev.tracing.");
		Set<String> measuredArm = autoConfigurations(
				"META-INF/spring/dev.tracing.web.allocation.WithTracingStarter.imports", "dev.tracing.");
		assertThat(measuredArm).as("WithTracingStarter.imports lists every auto-configuration of the starter")
			.isEqualTo(starter);
	}

	private long extra(String arm, String path) {
		return this.measured.get(arm + " " + path) - this.measured.get("untraced " + path);
	}

	private void arm(String name, Class<?> application, String... properties) throws IOException {
		List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"spring.main.banner-mode=off", "spring.application.name=allocation",
				// One connection per client for the whole run: no connection set-up inside a window
				"server.tomcat.max-keep-alive-requests=-1", "server.tomcat.keep-alive-timeout=10m",
				"logging.level.org.springframework.boot.web.servlet.RegistrationBean=warn",
				// Nothing is sampled in the arms that matter: the exporter must exist, never be called.
				"tracing.export.otlp.endpoint=http://127.0.0.1:9"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
			.web(WebApplicationType.SERVLET)
			.properties(all.toArray(String[]::new))
			.run();
		this.arms.put(name, new Arm(context));
	}

	private static Set<String> autoConfigurations(String resource, String prefix) throws IOException {
		Set<String> names = new TreeSet<>();
		for (String line : new String(new ClassPathResource(resource).getInputStream().readAllBytes(),
				StandardCharsets.UTF_8)
			.split("\n")) {
			String name = line.strip();
			if (name.startsWith(prefix)) {
				names.add(name);
			}
		}
		return names;
	}

	/**
	 * One application and keep-alive clients to it.
	 */
	private final class Arm implements AutoCloseable {

		private final ConfigurableApplicationContext context;

		private final int port;

		private final Map<String, Client> clients = new HashMap<>();

		private String threadPrefix = "";

		Arm(ConfigurableApplicationContext context) throws IOException {
			this.context = context;
			this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
			// Tomcat's threads are named after their connector (http-nio-<port or auto-N>-exec-M): counted are this
			// application's serving threads only, not the test JVM's other threads.
			String name = client("/thread").response();
			this.threadPrefix = name.substring(0, name.indexOf("-exec-") + 1);
		}

		Client client(String path) throws IOException {
			Client client = this.clients.get(path);
			if (client == null) {
				client = new Client(this.port, path);
				this.clients.put(path, client);
			}
			return client;
		}

		long bytesPerRequest(String path) {
			try {
				Client client = client(path);
				Map<Long, Long> before = allocated();
				client.run(WINDOW);
				Map<Long, Long> after = allocated();
				long total = 0;
				for (Map.Entry<Long, Long> thread : after.entrySet()) {
					total += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
				}
				return total / WINDOW;
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private Map<Long, Long> allocated() {
			Map<Long, Long> bytes = new HashMap<>();
			for (Thread thread : Thread.getAllStackTraces().keySet()) {
				if (thread.getName().startsWith(this.threadPrefix)) {
					bytes.put(thread.getId(), AllocationPerRequestIntegrationTests.this.threads
						.getThreadAllocatedBytes(thread.getId()));
				}
			}
			return bytes;
		}

		@Override
		public void close() {
			this.clients.values().forEach(Client::close);
			this.context.close();
		}

	}

	/**
	 * HTTP/1.1 on one keep-alive connection: a fixed request, each response read whole (Content-Length) and checked
	 * to be a 200.
	 */
	private static final class Client implements AutoCloseable {

		private final Socket socket;

		private final OutputStream out;

		private final InputStream in;

		private final byte[] request;

		private final byte[] buffer = new byte[16384];

		Client(int port, String path) throws IOException {
			this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
			this.socket.setTcpNoDelay(true);
			this.out = this.socket.getOutputStream();
			this.in = this.socket.getInputStream();
			this.request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: allocation-test\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII);
		}

		void run(int requests) throws IOException {
			for (int i = 0; i < requests; i++) {
				exchange();
			}
		}

		String response() throws IOException {
			int[] bounds = exchange();
			return new String(this.buffer, bounds[0], bounds[1] - bounds[0], StandardCharsets.US_ASCII);
		}

		// Returns the body's start and end in the buffer.
		private int[] exchange() throws IOException {
			this.out.write(this.request);
			this.out.flush();
			int length = 0;
			int headersEnd = -1;
			while (headersEnd < 0) {
				length = read(length);
				headersEnd = indexOfBlankLine(length);
			}
			String headers = new String(this.buffer, 0, headersEnd, StandardCharsets.US_ASCII);
			if (!headers.startsWith("HTTP/1.1 200")) {
				throw new IllegalStateException("Unexpected response: " + headers);
			}
			int bodyStart = headersEnd + 4;
			int bodyEnd = bodyStart + contentLength(headers);
			while (length < bodyEnd) {
				length = read(length);
			}
			return new int[] { bodyStart, bodyEnd };
		}

		private int read(int length) throws IOException {
			int read = this.in.read(this.buffer, length, this.buffer.length - length);
			if (read < 0) {
				throw new IOException("Connection closed by the server");
			}
			return length + read;
		}

		private int indexOfBlankLine(int length) {
			for (int i = 0; i + 3 < length; i++) {
				if (this.buffer[i] == '\r' && this.buffer[i + 1] == '\n' && this.buffer[i + 2] == '\r'
						&& this.buffer[i + 3] == '\n') {
					return i;
				}
			}
			return -1;
		}

		private static int contentLength(String headers) {
			for (String line : headers.split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
					return Integer.parseInt(line.substring(colon + 1).trim());
				}
			}
			throw new IllegalStateException("No Content-Length in: " + headers);
		}

		@Override
		public void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}

	}

}
