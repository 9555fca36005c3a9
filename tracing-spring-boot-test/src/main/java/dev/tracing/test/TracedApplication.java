package dev.tracing.test;

import java.util.Objects;

import dev.tracing.test.autoconfigure.TracingCaptureAutoConfiguration;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another service of the trace, run in the test's JVM with its spans captured: the service a test calls through
 * (or that calls) the application under test. Combine its spans with the test's to assert that both services'
 * spans form one tree:
 * <pre>{@code
 * try (TracedApplication users = TracedApplication.run(UserServiceApplication.class, "--server.port=0")) {
 *     // ... call the application under test, which calls users.baseUrl()
 *     assertThat(CapturedSpans.combine(capturedSpans, users.capturedSpans()))
 *         .hasTraceSatisfying((trace) -> trace.hasServices("payment-service", "user-service")
 *             .hasRootSpan("POST /payments")
 *             .hasDescendant("GET /users/{id}", (server) -> server.hasServiceName("user-service")));
 * }
 * }</pre>
 */
public final class TracedApplication implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final CapturedSpans capturedSpans;

	private TracedApplication(ConfigurableApplicationContext context) {
		this.context = context;
		this.capturedSpans = context.getBean(CapturedSpans.class);
	}

	/**
	 * Starts an application with its spans captured instead of exported.
	 * @param application the application's main class
	 * @param args its command-line arguments, such as {@code --server.port=0}
	 * @return the running application
	 */
	public static TracedApplication run(Class<?> application, String... args) {
		Objects.requireNonNull(application, "application must not be null");
		return new TracedApplication(
				new SpringApplicationBuilder(application, TracingCaptureAutoConfiguration.class).run(args));
	}

	/**
	 * Returns the spans this application exported.
	 * @return its captured spans
	 */
	public CapturedSpans capturedSpans() {
		return this.capturedSpans;
	}

	/**
	 * Returns the port of its web server.
	 * @return the port
	 * @throws IllegalStateException when it has no web server
	 */
	public int port() {
		Integer port = this.context.getEnvironment().getProperty("local.server.port", Integer.class);
		if (port == null) {
			throw new IllegalStateException("The application has no web server (no local.server.port)");
		}
		return port;
	}

	/**
	 * Returns the base URL of its web server on loopback.
	 * @return {@code http://localhost:<port>}
	 */
	public String baseUrl() {
		return "http://localhost:" + port();
	}

	/**
	 * Returns the application's context.
	 * @return the context
	 */
	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
