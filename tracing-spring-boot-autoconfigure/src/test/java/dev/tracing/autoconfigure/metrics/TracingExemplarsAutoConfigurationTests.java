package dev.tracing.autoconfigure.metrics;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TracingExemplarsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingExemplarsAutoConfiguration.class))
		.withPropertyValues("tracing.export.type=none");

	@Test
	void shouldOfferTheCurrentSampledSpanToPrometheusExemplars() {
		this.contextRunner.run((context) -> {
			io.prometheus.metrics.tracer.common.SpanContext exemplars = context
				.getBean(io.prometheus.metrics.tracer.common.SpanContext.class);
			assertThat(exemplars).isInstanceOf(SampledSpanExemplarContext.class);
			assertThat(exemplars.isCurrentSpanSampled()).isFalse();
			assertThat(exemplars.getCurrentTraceId()).isNull();
			Span span = context.getBean(Tracer.class).spanBuilder("request").startSpan();
			try (Scope ignored = span.makeCurrent()) {
				assertThat(exemplars.isCurrentSpanSampled()).isTrue();
				assertThat(exemplars.getCurrentTraceId()).isEqualTo(span.getSpanContext().getTraceId());
				assertThat(exemplars.getCurrentSpanId()).isEqualTo(span.getSpanContext().getSpanId());
			}
			finally {
				span.end();
			}
		});
	}

	@Test
	void shouldNotOfferAnUnsampledSpan() {
		this.contextRunner.run((context) -> {
			io.prometheus.metrics.tracer.common.SpanContext exemplars = context
				.getBean(io.prometheus.metrics.tracer.common.SpanContext.class);
			Span unsampled = Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
					TraceFlags.getDefault(), TraceState.getDefault()));
			try (Scope ignored = unsampled.makeCurrent()) {
				assertThat(exemplars.isCurrentSpanSampled()).isFalse();
				assertThat(exemplars.getCurrentTraceId()).isNull();
				assertThat(exemplars.getCurrentSpanId()).isNull();
			}
		});
	}

	@Test
	void shouldBackOffWhenUserDefinesSpanContext() {
		this.contextRunner.withUserConfiguration(UserSpanContext.class).run((context) -> {
			assertThat(context).hasSingleBean(io.prometheus.metrics.tracer.common.SpanContext.class)
				.doesNotHaveBean(SampledSpanExemplarContext.class);
		});
	}

	@Test
	void shouldMakeSpringBootsExemplarConfigurationBackOff() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(PrometheusExemplarsAutoConfiguration.class))
			.withUserConfiguration(MicrometerTracer.class)
			.run((context) -> assertThat(context).hasSingleBean(io.prometheus.metrics.tracer.common.SpanContext.class)
				.hasSingleBean(SampledSpanExemplarContext.class));
	}

	@Test
	void shouldNotApplyWithoutThePrometheusClient() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(io.prometheus.metrics.tracer.common.SpanContext.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SampledSpanExemplarContext.class));
	}

	@Test
	void shouldNotApplyWhenTracingIsDisabled() {
		this.contextRunner.withPropertyValues("tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SampledSpanExemplarContext.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSpanContext {

		@Bean
		io.prometheus.metrics.tracer.common.SpanContext userSpanContext() {
			return new io.prometheus.metrics.tracer.common.SpanContext() {

				@Override
				public String getCurrentTraceId() {
					return "user";
				}

				@Override
				public String getCurrentSpanId() {
					return "user";
				}

				@Override
				public boolean isCurrentSpanSampled() {
					return false;
				}

				@Override
				public void markCurrentSpanAsExemplar() {
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MicrometerTracer {

		@Bean
		io.micrometer.tracing.Tracer micrometerTracer() {
			return io.micrometer.tracing.Tracer.NOOP;
		}

	}

}
