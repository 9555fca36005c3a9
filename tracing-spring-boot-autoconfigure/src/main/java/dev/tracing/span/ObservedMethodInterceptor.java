package dev.tracing.span;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.ObservedAspect;
import org.aopalliance.intercept.MethodInvocation;
import org.aspectj.lang.ProceedingJoinPoint;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Micrometer's {@code @Observed}, applied through a Spring advisor rather than as an AspectJ aspect: Micrometer's own
 * {@link ObservedAspect} still does the work (names, key values, conventions, asynchronous results).
 */
public final class ObservedMethodInterceptor extends JoinPointMethodInterceptor {

	private final ObservedAspect aspect;

	public ObservedMethodInterceptor(ObservationRegistry registry) {
		this.aspect = new ObservedAspect(registry);
	}

	// As the aspect's two pointcuts: a method's own annotation wins over its class's.
	@Override
	@Nullable Object around(MethodInvocation invocation, ProceedingJoinPoint joinPoint) throws Throwable {
		if (AnnotatedElementUtils.hasAnnotation(invocation.getMethod(), Observed.class)) {
			return this.aspect.observeMethod(joinPoint);
		}
		return this.aspect.observeClass(joinPoint);
	}

}
