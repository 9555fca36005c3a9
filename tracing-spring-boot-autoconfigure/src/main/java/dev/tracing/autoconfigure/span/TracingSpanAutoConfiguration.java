package dev.tracing.autoconfigure.span;

import dev.tracing.autoconfigure.ConditionalOnTracingEnabled;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.span.Spans;
import dev.tracing.span.Traced;
import dev.tracing.span.TracedMethodInterceptor;
import io.micrometer.common.annotation.ValueExpressionResolver;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.aop.ObservedAspect;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.annotation.DefaultNewSpanParser;
import io.micrometer.tracing.annotation.ImperativeMethodInvocationProcessor;
import io.micrometer.tracing.annotation.MethodInvocationProcessor;
import io.micrometer.tracing.annotation.SpanAspect;
import io.micrometer.tracing.annotation.SpanTagAnnotationHandler;
import io.opentelemetry.api.OpenTelemetry;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * Auto-configuration of manual spans. {@link Traced @Traced} needs no AspectJ: an infrastructure advisor, applied by
 * Spring's own auto-proxying as {@code @Transactional} is. Micrometer's {@code @Observed} and {@code @NewSpan} are
 * AspectJ aspects, registered when AspectJ is present, with no {@code management.*} switch to turn on first.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
				"dev.tracing.autoconfigure.micrometer.MicrometerTracingBridgeAutoConfiguration" })
@ConditionalOnTracingEnabled
@ConditionalOnBean(OpenTelemetry.class)
public final class TracingSpanAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Spans spans(OpenTelemetry openTelemetry) {
		return new Spans(openTelemetry);
	}

	// Static and lazy: advisors are created before other beans, which must not be pulled in early.
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor tracedMethodAdvisor(ObjectProvider<Spans> spans) {
		// Inherited: the annotation may sit on an interface method or an overridden method.
		AnnotationMatchingPointcut pointcut = new AnnotationMatchingPointcut(null, Traced.class, true);
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(pointcut, new LazyTracedMethodInterceptor(spans));
		advisor.setOrder(0);
		return advisor;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.aspectj.weaver.Advice", value = ObservedAspect.class)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ObservedAnnotationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ObservedAspect observedAspect(ObservationRegistry registry) {
			return new ObservedAspect(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.aspectj.weaver.Advice", value = SpanAspect.class)
	@ConditionalOnBean(Tracer.class)
	static class NewSpanAnnotationConfiguration {

		@Bean
		@ConditionalOnMissingBean(MethodInvocationProcessor.class)
		ImperativeMethodInvocationProcessor newSpanMethodInvocationProcessor(Tracer tracer, BeanFactory beanFactory,
				ObjectProvider<ValueExpressionResolver> expressionResolver) {
			ValueExpressionResolver resolver = expressionResolver.getIfAvailable();
			SpanTagAnnotationHandler tags = (resolver != null)
					? new SpanTagAnnotationHandler(beanFactory::getBean, (type) -> resolver) : null;
			return (tags != null) ? new ImperativeMethodInvocationProcessor(new DefaultNewSpanParser(), tracer, tags)
					: new ImperativeMethodInvocationProcessor(new DefaultNewSpanParser(), tracer);
		}

		@Bean
		@ConditionalOnMissingBean
		SpanAspect spanAspect(MethodInvocationProcessor processor) {
			return new SpanAspect(processor);
		}

	}

	/**
	 * Resolves the {@link Spans} bean on first use, not when the advisor is created.
	 */
	static final class LazyTracedMethodInterceptor implements MethodInterceptor {

		private final ObjectProvider<Spans> spans;

		private volatile TracedMethodInterceptor delegate;

		LazyTracedMethodInterceptor(ObjectProvider<Spans> spans) {
			this.spans = spans;
		}

		@Override
		public Object invoke(org.aopalliance.intercept.MethodInvocation invocation) throws Throwable {
			TracedMethodInterceptor interceptor = this.delegate;
			if (interceptor == null) {
				Spans available = this.spans.getIfAvailable();
				if (available == null) {
					return invocation.proceed();
				}
				interceptor = new TracedMethodInterceptor(available);
				this.delegate = interceptor;
			}
			return interceptor.invoke(invocation);
		}

	}

}
