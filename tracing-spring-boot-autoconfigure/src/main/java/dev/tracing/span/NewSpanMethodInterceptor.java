package dev.tracing.span;

import io.micrometer.tracing.annotation.MethodInvocationProcessor;
import io.micrometer.tracing.annotation.NewSpan;
import io.micrometer.tracing.annotation.SpanAspect;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.aspectj.MethodInvocationProceedingJoinPoint;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Micrometer Tracing's {@code @NewSpan} and {@code @ContinueSpan}, applied through a Spring advisor rather than as an
 * AspectJ aspect. Micrometer's own {@link SpanAspect} still does the work (span names, {@code @SpanTag} parameters),
 * handed Spring's join point for the invocation, so only AspectJ's small runtime is needed, not its weaver.
 */
public final class NewSpanMethodInterceptor implements MethodInterceptor {

	private final SpanAspect aspect;

	public NewSpanMethodInterceptor(MethodInvocationProcessor processor) {
		this.aspect = new SpanAspect(processor);
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (!(invocation instanceof ProxyMethodInvocation proxied)) {
			return invocation.proceed();
		}
		MethodInvocationProceedingJoinPoint joinPoint = new MethodInvocationProceedingJoinPoint(proxied);
		Object target = invocation.getThis();
		boolean newSpan = AnnotatedElementUtils.hasAnnotation((target != null)
				? AopUtils.getMostSpecificMethod(invocation.getMethod(), target.getClass()) : invocation.getMethod(),
				NewSpan.class);
		return newSpan ? this.aspect.newSpanMethod(joinPoint) : this.aspect.continueSpanMethod(joinPoint);
	}

}
