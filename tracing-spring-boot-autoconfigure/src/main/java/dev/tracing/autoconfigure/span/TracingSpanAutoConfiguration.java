package dev.tracing.autoconfigure.span;

import java.util.Set;
import java.util.function.Supplier;

import dev.tracing.autoconfigure.ConditionalOnTracingEnabled;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.span.NewSpanMethodInterceptor;
import dev.tracing.span.ObservedMethodInterceptor;
import dev.tracing.span.Spans;
import dev.tracing.span.Traced;
import dev.tracing.span.TracedMethodInterceptor;
import io.micrometer.common.annotation.ValueExpressionResolver;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.ObservedAspect;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.annotation.ContinueSpan;
import io.micrometer.tracing.annotation.DefaultNewSpanParser;
import io.micrometer.tracing.annotation.ImperativeMethodInvocationProcessor;
import io.micrometer.tracing.annotation.MethodInvocationProcessor;
import io.micrometer.tracing.annotation.NewSpan;
import io.micrometer.tracing.annotation.SpanAspect;
import io.micrometer.tracing.annotation.SpanTagAnnotationHandler;
import io.opentelemetry.api.OpenTelemetry;
import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration of manual spans. {@link Traced @Traced}, Micrometer's {@code @Observed} and Micrometer Tracing's
 * {@code @NewSpan}/{@code @ContinueSpan} are applied by infrastructure advisors, through Spring's own auto-proxying as
 * {@code @Transactional} is: no AspectJ weaver (only its runtime, for {@code @Observed}), and no
 * {@code management.*} switch to turn on first.
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

	// Static and lazy: advisors are created before other beans, which must not be pulled in early. Each pointcut is
	// narrowed by a DeclaredAnnotationsClassFilter: the auto-proxy creator asks it about every bean at start-up.
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor tracedMethodAdvisor(ObjectProvider<Spans> spans) {
		// Inherited: the annotation may sit on an interface method or an overridden method.
		Pointcut pointcut = new ComposablePointcut(new AnnotationMatchingPointcut(null, Traced.class, true))
			.intersection(new DeclaredAnnotationsClassFilter(Set.of(Traced.class)));
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(pointcut, new LazyMethodInterceptor(() -> {
			Spans available = spans.getIfAvailable();
			return (available != null) ? new TracedMethodInterceptor(available)
					: org.aopalliance.intercept.MethodInvocation::proceed;
		}));
		advisor.setOrder(0);
		return advisor;
	}

	// Micrometer's own aspect does the work behind a Spring advisor: no AspectJ weaver, no pointcut expressions
	// matched against every bean at start-up. Backs off when an ObservedAspect bean is defined (Spring Boot's
	// management.observations.annotations.enabled, or the application's), which would observe a second time.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.aspectj.lang.ProceedingJoinPoint", value = ObservedAspect.class)
	@ConditionalOnBean(ObservationRegistry.class)
	@ConditionalOnMissingBean(ObservedAspect.class)
	static class ObservedAnnotationConfiguration {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static Advisor observedMethodAdvisor(ObjectProvider<ObservationRegistry> registry) {
			Pointcut pointcut = new ComposablePointcut(new AnnotationMatchingPointcut(Observed.class, true))
				.union(new AnnotationMatchingPointcut(null, Observed.class, true))
				.intersection(new DeclaredAnnotationsClassFilter(Set.of(Observed.class)));
			return new DefaultPointcutAdvisor(pointcut, new LazyMethodInterceptor(
					() -> new ObservedMethodInterceptor(registry.getIfAvailable(() -> ObservationRegistry.NOOP))));
		}

	}

	// Without a registry (spring-boot-micrometer-observation excluded from the starter), @Observed does nothing:
	// say so rather than lose those spans silently.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Observed.class)
	@ConditionalOnMissingBean(ObservationRegistry.class)
	static class ObservedWithoutRegistryConfiguration {

		@Bean
		static UnobservedAnnotationsWarning unobservedAnnotationsWarning(ConfigurableListableBeanFactory beanFactory) {
			return new UnobservedAnnotationsWarning(beanFactory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.aspectj.lang.ProceedingJoinPoint", value = SpanAspect.class)
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

		// Backs off for a SpanAspect bean, which would make a second span.
		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		@ConditionalOnMissingBean(SpanAspect.class)
		static Advisor newSpanMethodAdvisor(ObjectProvider<MethodInvocationProcessor> processor) {
			Pointcut pointcut = new ComposablePointcut(new AnnotationMatchingPointcut(null, NewSpan.class, true))
				.union(new AnnotationMatchingPointcut(null, ContinueSpan.class, true))
				.intersection(new DeclaredAnnotationsClassFilter(Set.of(NewSpan.class, ContinueSpan.class)));
			return new DefaultPointcutAdvisor(pointcut,
					new LazyMethodInterceptor(() -> new NewSpanMethodInterceptor(processor.getObject())));
		}

	}

	/**
	 * Creates its interceptor on first use, not when the advisor is created (advisors come before other beans).
	 */
	static final class LazyMethodInterceptor implements MethodInterceptor {

		private final SingletonSupplier<MethodInterceptor> delegate;

		LazyMethodInterceptor(Supplier<MethodInterceptor> factory) {
			this.delegate = SingletonSupplier.of(factory);
		}

		// aopalliance declares invoke's result @Nullable as a type-use annotation, which NullAway does not read
		// from its class file
		@SuppressWarnings("NullAway")
		@Override
		public @Nullable Object invoke(org.aopalliance.intercept.MethodInvocation invocation) throws Throwable {
			return this.delegate.obtain().invoke(invocation);
		}

	}

}
