package dev.tracing.span;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.aspectj.lang.ProceedingJoinPoint;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.aspectj.MethodInvocationProceedingJoinPoint;

/**
 * Runs one of Micrometer's AspectJ aspects from a Spring advisor: the aspect is handed Spring's join point for the
 * invocation, so only AspectJ's small runtime is needed, not its weaver, which would otherwise load and match pointcut
 * expressions against every bean at start-up.
 */
abstract class JoinPointMethodInterceptor implements MethodInterceptor {

	// aopalliance declares invoke's result @Nullable as a type-use annotation, which NullAway does not read
	// from its class file
	@SuppressWarnings("NullAway")
	@Override
	public final @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (!(invocation instanceof ProxyMethodInvocation proxied)) {
			return invocation.proceed();
		}
		return around(invocation, new MethodInvocationProceedingJoinPoint(proxied));
	}

	/**
	 * The aspect's advice for this invocation.
	 */
	abstract @Nullable Object around(MethodInvocation invocation, ProceedingJoinPoint joinPoint) throws Throwable;

}
