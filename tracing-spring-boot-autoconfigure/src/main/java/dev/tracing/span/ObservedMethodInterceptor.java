package dev.tracing.span;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.ObservedAspect;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.aspectj.MethodInvocationProceedingJoinPoint;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Micrometer's {@code @Observed}, applied through a Spring advisor rather than as an AspectJ aspect. Micrometer's own
 * {@link ObservedAspect} still does the work (names, key values, conventions, asynchronous results), handed Spring's
 * join point for the invocation: only AspectJ's small runtime is needed, not its weaver, which would otherwise load
 * and match pointcut expressions against every bean at start-up.
 */
public final class ObservedMethodInterceptor implements MethodInterceptor {

	private final ObservedAspect aspect;

	public ObservedMethodInterceptor(ObservationRegistry registry) {
		this.aspect = new ObservedAspect(registry);
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (!(invocation instanceof ProxyMethodInvocation proxied)) {
			return invocation.proceed();
		}
		MethodInvocationProceedingJoinPoint joinPoint = new MethodInvocationProceedingJoinPoint(proxied);
		// As the aspect's two pointcuts: a method's own annotation wins over its class's.
		if (AnnotatedElementUtils.hasAnnotation(invocation.getMethod(), Observed.class)) {
			return this.aspect.observeMethod(joinPoint);
		}
		return this.aspect.observeClass(joinPoint);
	}

}
