package dev.tracing.async;

import java.lang.reflect.Field;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.util.ReflectionUtils;

/**
 * Gives every Spring executor and scheduler bean a {@link ContextPropagatingTaskDecorator}: those that Spring Boot
 * builds ({@code @Async}'s {@code applicationTaskExecutor}, virtual-thread executors, the {@code @Scheduled}
 * scheduler) and those the application builds itself. Runs before initialization, because executors apply their
 * decorator when they start. A decorator the application set is kept and runs inside ours.
 */
public final class ExecutorContextPropagation implements BeanPostProcessor {

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof ThreadPoolTaskExecutor executor) {
			executor.setTaskDecorator(wrap(existing(bean, ThreadPoolTaskExecutor.class)));
		}
		else if (bean instanceof ThreadPoolTaskScheduler scheduler) {
			scheduler.setTaskDecorator(wrap(existing(bean, ThreadPoolTaskScheduler.class)));
		}
		// Also SimpleAsyncTaskScheduler, and the virtual-thread executors Spring Boot builds.
		else if (bean instanceof SimpleAsyncTaskExecutor executor) {
			executor.setTaskDecorator(wrap(existing(bean, SimpleAsyncTaskExecutor.class)));
		}
		return bean;
	}

	private static TaskDecorator wrap(@Nullable TaskDecorator existing) {
		return (existing instanceof ContextPropagatingTaskDecorator) ? existing
				: new ContextPropagatingTaskDecorator(existing);
	}

	// Spring offers no getter; reading the field keeps the application's own decorator in the chain.
	private static @Nullable TaskDecorator existing(Object bean, Class<?> declaringType) {
		Field field = ReflectionUtils.findField(declaringType, "taskDecorator", TaskDecorator.class);
		if (field == null) {
			return null;
		}
		ReflectionUtils.makeAccessible(field);
		return (TaskDecorator) ReflectionUtils.getField(field, bean);
	}

}
