package dev.tracing.kafka;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.ProducerPostProcessor;

/**
 * Wraps each producer a producer factory creates: every {@code send} makes a PRODUCER span, ended when the broker
 * acknowledges the record or the send fails. A JDK proxy of the {@link Producer} interface, so methods a newer Kafka
 * client adds go to the producer unchanged.
 */
final class TracingProducerPostProcessor<K, V> implements ProducerPostProcessor<K, V> {

	private final KafkaSpans spans;

	TracingProducerPostProcessor(KafkaSpans spans) {
		this.spans = spans;
	}

	@Override
	@SuppressWarnings("unchecked")
	public Producer<K, V> apply(Producer<K, V> producer) {
		if (Proxy.isProxyClass(producer.getClass())
				&& Proxy.getInvocationHandler(producer) instanceof TracedSend) {
			return producer;
		}
		return (Producer<K, V>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
				new Class<?>[] { Producer.class }, new TracedSend(producer, this.spans));
	}

	private static final class TracedSend implements InvocationHandler {

		private final Producer<?, ?> producer;

		private final KafkaSpans spans;

		TracedSend(Producer<?, ?> producer, KafkaSpans spans) {
			this.producer = producer;
			this.spans = spans;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
			if (method.getName().equals("send") && args != null && args.length >= 1
					&& args[0] instanceof ProducerRecord<?, ?> record) {
				return send(method, args, record);
			}
			if (method.getDeclaringClass() == Object.class) {
				return switch (method.getName()) {
					case "equals" -> args != null && args.length == 1 && proxy == args[0];
					case "hashCode" -> System.identityHashCode(proxy);
					case "toString" -> "Traced" + this.producer;
					default -> invokeProducer(method, args);
				};
			}
			return invokeProducer(method, args);
		}

		private @Nullable Object send(Method method, Object[] args, ProducerRecord<?, ?> record) throws Throwable {
			Span span;
			try {
				span = this.spans.startSend(record);
			}
			catch (RuntimeException ex) {
				span = null;
			}
			if (span == null) {
				return invokeProducer(method, args);
			}
			Callback callback = (args.length > 1) ? (Callback) args[1] : null;
			Span sendSpan = span;
			Context context = Context.current().with(sendSpan);
			Callback traced = (metadata, exception) -> {
				KafkaSpans.sent(sendSpan, metadata, exception);
				if (callback != null) {
					try (Scope ignored = context.makeCurrent()) {
						callback.onCompletion(metadata, exception);
					}
				}
			};
			Object[] tracedArgs = args.clone();
			Method target = method;
			if (args.length == 1) {
				target = Producer.class.getMethod("send", ProducerRecord.class, Callback.class);
				tracedArgs = new Object[] { record, traced };
			}
			else {
				tracedArgs[1] = traced;
			}
			try {
				return invokeProducer(target, tracedArgs);
			}
			catch (Throwable ex) {
				KafkaSpans.failed(sendSpan, ex);
				sendSpan.end();
				throw ex;
			}
		}

		private @Nullable Object invokeProducer(Method method, Object @Nullable [] args) throws Throwable {
			try {
				return method.invoke(this.producer, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

}
