package dev.tracing.autoconfigure.span;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Set;

import dev.tracing.span.Traced;
import io.micrometer.observation.annotation.Observed;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

class DeclaredAnnotationsClassFilterTests {

	private final DeclaredAnnotationsClassFilter traced = new DeclaredAnnotationsClassFilter(Set.of(Traced.class));

	private final DeclaredAnnotationsClassFilter observed = new DeclaredAnnotationsClassFilter(Set.of(Observed.class));

	@Test
	void shouldPassEveryClassWhoseMethodsThePointcutWouldMatch() {
		for (Class<?> type : new Class<?>[] { TracedMethod.class, InheritsTracedMethod.class,
				ImplementsTracedInterface.class, TracedRepository.class }) {
			assertThat(this.traced.matches(type)).as(type.getSimpleName()).isTrue();
			assertThat(new AnnotationMatchingPointcut(null, Traced.class, true).getMethodMatcher()
				.matches(ownMethod(type), type)).as(type.getSimpleName()).isTrue();
		}
		Object repository = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { TracedRepository.class },
				(proxy, method, args) -> null);
		assertThat(this.traced.matches(repository.getClass())).isTrue();
	}

	@Test
	void shouldPassTypeLevelAndComposedAnnotations() {
		assertThat(this.observed.matches(ObservedType.class)).isTrue();
		assertThat(this.observed.matches(SubclassOfObservedType.class)).isTrue();
		assertThat(this.observed.matches(ComposedObserved.class)).isTrue();
		assertThat(this.traced.matches(ObservedType.class)).isFalse();
	}

	@Test
	void shouldRejectClassesThatDeclareNoneOfTheAnnotations() {
		assertThat(this.traced.matches(Plain.class)).isFalse();
		assertThat(this.traced.matches(DispatcherServlet.class)).isFalse();
		assertThat(this.observed.matches(String.class)).isFalse();
		assertThat(this.traced.matches(ConditionalOnBean.class)).isFalse();
	}

	private static Method ownMethod(Class<?> type) {
		return Arrays.stream(type.getMethods())
			.filter((method) -> method.getDeclaringClass() != Object.class)
			.findFirst()
			.orElseThrow();
	}

	static class Plain {

		public void work() {
		}

	}

	static class TracedMethod {

		@Traced
		public void work() {
		}

	}

	static class InheritsTracedMethod extends TracedMethod {

	}

	interface TracedRepository {

		@Traced
		String find();

	}

	static class ImplementsTracedInterface implements TracedRepository {

		@Override
		public String find() {
			return "";
		}

	}

	@Observed
	static class ObservedType {

		public void work() {
		}

	}

	static class SubclassOfObservedType extends ObservedType {

	}

	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	@Observed(name = "composed")
	@interface Measured {

	}

	static class ComposedObserved {

		@Measured
		public void work() {
		}

	}

}
