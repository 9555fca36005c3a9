package dev.tracing.autoconfigure.span;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.micrometer.MicrometerTracingBridgeAutoConfiguration;
import dev.tracing.autoconfigure.propagation.TracingPropagationAutoConfiguration;
import dev.tracing.span.Spans;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.ObservedAspect;
import io.micrometer.tracing.annotation.MethodInvocationProcessor;
import io.micrometer.tracing.annotation.SpanAspect;
import org.aspectj.lang.ProceedingJoinPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.Advisor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class TracingSpanAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class,
				TracingPropagationAutoConfiguration.class, MicrometerTracingBridgeAutoConfiguration.class,
				ObservationAutoConfiguration.class, TracingSpanAutoConfiguration.class))
		.withPropertyValues("tracing.export.type=none");

	@Test
	void shouldApplyEveryAnnotationThroughAdvisorsWithoutAspectJAspects() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(Spans.class)
				.hasSingleBean(MethodInvocationProcessor.class)
				.doesNotHaveBean(ObservedAspect.class)
				.doesNotHaveBean(SpanAspect.class);
			assertThat(context.getBeansOfType(Advisor.class)).containsOnlyKeys("tracedMethodAdvisor",
					"observedMethodAdvisor", "newSpanMethodAdvisor");
		});
	}

	@Test
	void shouldLeaveObservedAndNewSpanToAnApplicationsOwnAspects() {
		this.contextRunner.withUserConfiguration(ApplicationAspects.class).run((context) -> {
			assertThat(context).hasSingleBean(ObservedAspect.class).hasSingleBean(SpanAspect.class);
			assertThat(context.getBeansOfType(Advisor.class)).containsOnlyKeys("tracedMethodAdvisor");
		});
	}

	@Test
	void shouldKeepTracedWithoutAspectJsRuntime() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ProceedingJoinPoint.class))
			.run((context) -> assertThat(context.getBeansOfType(Advisor.class)).containsOnlyKeys("tracedMethodAdvisor"));
	}

	@Test
	void shouldNotAdviseAnythingWhenTracingIsDisabled() {
		this.contextRunner.withPropertyValues("tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(Advisor.class).doesNotHaveBean(Spans.class));
	}

	@Test
	void shouldNameTheObservedBeansWhenThereIsNoObservationRegistry(CapturedOutput output) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class,
					TracingPropagationAutoConfiguration.class, MicrometerTracingBridgeAutoConfiguration.class,
					TracingSpanAutoConfiguration.class))
			.withPropertyValues("tracing.export.type=none")
			.withBean(ObservedService.class)
			.withBean(PlainService.class)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(ObservationRegistry.class)
					.hasSingleBean(UnobservedAnnotationsWarning.class);
				assertThat(context.getBeansOfType(Advisor.class)).containsOnlyKeys("tracedMethodAdvisor",
						"newSpanMethodAdvisor");
			});
		assertThat(output).containsOnlyOnce("@Observed is not traced on " + ObservedService.class.getName()
				+ ": there is no ObservationRegistry bean")
			.doesNotContain(PlainService.class.getName());
	}

	@Test
	void shouldNotWarnAboutObservedWhenARegistryObservesIt(CapturedOutput output) {
		this.contextRunner.withBean(ObservedService.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(UnobservedAnnotationsWarning.class);
			assertThat(context.getBeansOfType(Advisor.class)).containsKey("observedMethodAdvisor");
		});
		assertThat(output).doesNotContain("@Observed is not traced");
	}

	static class ObservedService {

		@Observed(name = "work")
		public String work() {
			return "done";
		}

	}

	static class PlainService {

		public String work() {
			return "done";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationAspects {

		@Bean
		ObservedAspect observedAspect(ObservationRegistry registry) {
			return new ObservedAspect(registry);
		}

		@Bean
		SpanAspect spanAspect(MethodInvocationProcessor processor) {
			return new SpanAspect(processor);
		}

	}

}
