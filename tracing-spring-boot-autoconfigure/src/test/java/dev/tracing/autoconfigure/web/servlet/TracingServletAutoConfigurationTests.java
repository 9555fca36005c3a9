package dev.tracing.autoconfigure.web.servlet;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.propagation.TracingPropagationAutoConfiguration;
import dev.tracing.web.servlet.TracingFilter;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

class TracingServletAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class,
				TracingPropagationAutoConfiguration.class, TracingServletAutoConfiguration.class))
		.withPropertyValues("tracing.export.type=none");

	@Test
	void shouldRegisterTheFilterFirstForRequestAndAsyncDispatches() {
		this.contextRunner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(TracingFilter.class);
			assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
			assertThat(registration).extracting("dispatcherTypes")
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.ITERABLE)
				.containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ASYNC);
		});
	}

	@Test
	void shouldBackOffWhenUserRegistersTheFilter() {
		this.contextRunner
			.withBean("myTracingFilter", TracingFilter.class,
					() -> new TracingFilter(io.opentelemetry.api.OpenTelemetry.noop(),
							new dev.tracing.web.servlet.SkipPatterns(java.util.List.of()), true,
							new dev.tracing.web.QueryRedactor(java.util.List.of())))
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class)
				.hasSingleBean(TracingFilter.class));
	}

	@Test
	void shouldNotTraceServerRequestsWhenDisabled() {
		this.contextRunner.withPropertyValues("tracing.http.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
		this.contextRunner.withPropertyValues("tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void shouldFailStartupOnASkipPatternThatIsNotAPath() {
		this.contextRunner.withPropertyValues("tracing.http.server.skip-patterns=actuator/**")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tracing").hasMessageContaining("http.server.skip-patterns")
				.hasMessageContaining("must be a path starting with '/'"));
	}

	@Test
	void shouldBackOffOutsideServletApplications() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class,
					TracingServletAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void shouldBackOffWithoutSpringMvc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HandlerMapping.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

}
