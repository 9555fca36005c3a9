package dev.tracing.span;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.api.trace.Span;
import org.aopalliance.intercept.MethodInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Runs {@link Traced @Traced} methods through {@link Spans}. What a method needs (span name, kind, attribute keys)
 * is worked out once per method and cached.
 */
public final class TracedMethodInterceptor implements MethodInterceptor {

	private static final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private static final Log logger = LogFactory.getLog(TracedMethodInterceptor.class);

	private final Spans spans;

	private final Map<Method, TracedMethod> methods = new ConcurrentHashMap<>();

	public TracedMethodInterceptor(Spans spans) {
		this.spans = spans;
	}

	// aopalliance declares invoke's result @Nullable as a type-use annotation, which NullAway does not read
	// from its class file
	@SuppressWarnings("NullAway")
	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Span span;
		try {
			Class<?> targetClass = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis())
					: invocation.getMethod().getDeclaringClass();
			TracedMethod traced = this.methods.computeIfAbsent(invocation.getMethod(),
					(method) -> TracedMethod.of(AopUtils.getMostSpecificMethod(method, targetClass), targetClass));
			span = this.spans.start(traced.name(), traced.annotation().kind(), traced.attributes(invocation));
		}
		catch (RuntimeException | LinkageError ex) {
			// Tracing must not fail the business call: it runs without a span.
			logger.warn("No span for " + invocation.getMethod() + ": " + ex, ex);
			return invocation.proceed();
		}
		return this.spans.callWith(span, (current) -> invocation.proceed());
	}

	private record TracedMethod(Traced annotation, String name, @Nullable String[] attributeKeys) {

		static TracedMethod of(Method method, Class<?> targetClass) {
			Traced annotation = AnnotatedElementUtils.findMergedAnnotation(method, Traced.class);
			if (annotation == null) {
				throw new IllegalStateException("No @Traced on " + method);
			}
			String name = annotation.value().isEmpty()
					? targetClass.getSimpleName() + "." + method.getName() : annotation.value();
			Annotation[][] parameterAnnotations = method.getParameterAnnotations();
			@Nullable String @Nullable [] discovered = parameterNames.getParameterNames(method);
			@Nullable String[] keys = new String[parameterAnnotations.length];
			for (int i = 0; i < parameterAnnotations.length; i++) {
				for (Annotation candidate : parameterAnnotations[i]) {
					if (candidate instanceof TracedAttribute attribute) {
						keys[i] = !attribute.value().isEmpty() ? attribute.value()
								: (discovered != null && discovered[i] != null) ? discovered[i] : "arg" + i;
					}
				}
			}
			return new TracedMethod(annotation, name, keys);
		}

		Map<String, Object> attributes(MethodInvocation invocation) {
			Object[] arguments = invocation.getArguments();
			Map<String, Object> attributes = new LinkedHashMap<>();
			for (int i = 0; i < this.attributeKeys.length && i < arguments.length; i++) {
				if (this.attributeKeys[i] != null && arguments[i] != null) {
					attributes.put(this.attributeKeys[i], arguments[i]);
				}
			}
			return attributes;
		}

	}

}
