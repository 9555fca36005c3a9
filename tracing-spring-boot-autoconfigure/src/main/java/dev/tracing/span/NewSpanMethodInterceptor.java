package dev.tracing.span;

import io.micrometer.tracing.annotation.MethodInvocationProcessor;
import io.micrometer.tracing.annotation.NewSpan;
import io.micrometer.tracing.annotation.SpanAspect;
import org.aopalliance.intercept.MethodInvocation;
import org.aspectj.lang.ProceedingJoinPoint;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Micrometer Tracing's {@code @NewSpan} and {@code @ContinueSpan}, applied through a Spring advisor rather than as an
 * AspectJ aspect: Micrometer's own {@link SpanAspect} still does the work (span names, {@code @SpanTag} parameters).
 */
public final class NewSpanMethodInterceptor extends JoinPointMethodInterceptor {

	private final SpanAspect aspect;

	public NewSpanMethodInterceptor(MethodInvocationProcessor processor) {
		this.aspect = new SpanAspect(processor);
	}

	@Override
	@Nullable Object around(MethodInvocation invocation, ProceedingJoinPoint joinPoint) throws Throwable {
		Object target = invocation.getThis();
		boolean newSpan = AnnotatedElementUtils.hasAnnotation((target != null)
				? AopUtils.getMostSpecificMethod(invocation.getMethod(), target.getClass()) : invocation.getMethod(),
				NewSpan.class);
		return newSpan ? this.aspect.newSpanMethod(joinPoint) : this.aspect.continueSpanMethod(joinPoint);
	}

}
