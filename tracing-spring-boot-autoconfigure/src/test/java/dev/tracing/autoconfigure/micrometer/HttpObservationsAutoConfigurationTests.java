package dev.tracing.autoconfigure.micrometer;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.propagation.TracingPropagationAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.restclient.observation.ObservationRestClientCustomizer;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class HttpObservationsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class,
				TracingPropagationAutoConfiguration.class, MicrometerTracingBridgeAutoConfiguration.class,
				ObservationAutoConfiguration.class, HttpObservationsAutoConfiguration.class,
				WebMvcObservationAutoConfiguration.class, RestClientAutoConfiguration.class,
				RestClientObservationAutoConfiguration.class))
		.withPropertyValues("tracing.export.type=none");

	@Test
	void shouldMakeHttpObservationsNoOpsWhenOnlyTheStartersTracingHandlersWouldSeeThem() {
		this.contextRunner.run(observed(false, false));
	}

	@Test
	void shouldKeepHttpObservationsForAnApplicationsOwnHandler() {
		this.contextRunner.withBean("meterLikeHandler", CountingHandler.class, CountingHandler::new)
			.run(observed(true, true));
	}

	// Switched off, the starter's HTTP tracing is not handed to Micrometer's handlers: no span from the bridge either
	@Test
	void shouldMakeServerObservationsNoOpsWhenServerSpansAreSwitchedOff() {
		this.contextRunner.withPropertyValues("tracing.http.server.enabled=false").run(observed(false, false));
	}

	@Test
	void shouldMakeClientObservationsNoOpsWhenClientTracingIsSwitchedOff() {
		this.contextRunner.withPropertyValues("tracing.http.client.enabled=false").run(observed(false, false));
	}

	@Test
	void shouldMakeClientObservationsNoOpsWhenClientsOnlyPropagate() {
		this.contextRunner.withPropertyValues("tracing.http.client.spans=false").run(observed(false, false));
	}

	@Test
	void shouldMakeHttpObservationsNoOpsWhenTracingIsDisabledAndNothingElseObserves() {
		this.contextRunner.withPropertyValues("tracing.enabled=false").run(observed(false, false));
	}

	@Test
	void shouldLeaveOtherObservationsAlone() {
		this.contextRunner.run((context) -> {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			assertThat(Observation.start("business", registry).isNoop()).isFalse();
		});
	}

	private static ContextConsumer<AssertableWebApplicationContext> observed(boolean server, boolean client) {
		return (context) -> {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			Observation serverObservation = Observation.start("http.server.requests",
					() -> new ServerRequestObservationContext(new MockHttpServletRequest(),
							new MockHttpServletResponse()),
					registry);
			assertThat(serverObservation.isNoop()).as("server observation is a no-op").isEqualTo(!server);
			Observation clientObservation = Observation.start("http.client.requests",
					() -> new ClientRequestObservationContext(new MockClientHttpRequest(HttpMethod.GET, "/")),
					registry);
			assertThat(clientObservation.isNoop()).as("client observation is a no-op").isEqualTo(!client);
			FilterRegistrationBean<?> filter = context.getBean("webMvcObservationFilter", FilterRegistrationBean.class);
			assertThat(filter.isEnabled()).as("server observation filter registered").isEqualTo(server);
			assertThat(context.getBeansOfType(RestClientCustomizer.class).values())
				.as("Spring Boot's observation customizer of RestClient builders")
				.anyMatch((customizer) -> customizer instanceof ObservationRestClientCustomizer == client)
				.noneMatch((customizer) -> customizer instanceof ObservationRestClientCustomizer != client);
		};
	}

	static class CountingHandler implements ObservationHandler<Observation.Context> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
