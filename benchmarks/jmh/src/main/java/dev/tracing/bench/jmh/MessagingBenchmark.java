package dev.tracing.bench.jmh;

import java.util.concurrent.TimeUnit;

import dev.tracing.kafka.KafkaTracing;
import dev.tracing.messaging.DestinationFilter;
import dev.tracing.redis.RedisCommandTracing;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.Tracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * The starter's own work per Kafka message (send through a producer wrapped by its post-processor, then the record
 * interceptor around processing) and per Redis command (Lettuce's tracing SPI from the issuing thread's context to
 * the command's completion), within a sampled parent span, with no network: the brokers' time is the same traced or
 * not. {@code untraced} is the same calls without the starter: Kafka's {@code MockProducer} send and a plain Lettuce
 * command completion.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class MessagingBenchmark {

	@Param({ "untraced", "starter" })
	public String variant;

	private Sdk sdk;

	private Producer<String, String> producer;

	private RecordInterceptor<Object, Object> interceptor;

	private MockConsumer<Object, Object> consumer;

	private Tracer redisTracer;

	private RedisCommandTracing redisTracing;

	private Span parent;

	private Scope parentScope;

	@Setup(Level.Trial)
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public void setUp() {
		boolean traced = this.variant.equals("starter");
		this.sdk = traced ? Sdk.withRatio(1.0) : Sdk.noop();
		MockProducer<String, String> mock = new MockProducer<>(true, null, new StringSerializer(),
				new StringSerializer());
		this.consumer = new MockConsumer<>("earliest");
		if (traced) {
			KafkaTracing kafka = new KafkaTracing(this.sdk.openTelemetry, DestinationFilter.of(java.util.List.of()));
			DefaultKafkaProducerFactory<String, String> factory = new DefaultKafkaProducerFactory<>(java.util.Map.of());
			kafka.instrument(factory);
			this.producer = factory.getPostProcessors().get(0).apply(mock);
			ConcurrentKafkaListenerContainerFactory<Object, Object> containers = new ConcurrentKafkaListenerContainerFactory<>();
			kafka.instrument(containers);
			this.interceptor = containers.getRecordInterceptor();
			this.redisTracing = new RedisCommandTracing(this.sdk.openTelemetry, false);
			this.redisTracer = this.redisTracing.getTracerProvider().getTracer();
		}
		else {
			this.producer = mock;
		}
		this.parent = this.sdk.openTelemetry.getTracer("bench").spanBuilder("parent").startSpan();
		this.parentScope = this.parent.makeCurrent();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.parentScope.close();
		this.parent.end();
		this.sdk.close();
	}

	// Spans exported by the trial, once torn down.
	long exported() {
		return this.sdk.exported();
	}

	@TearDown(Level.Iteration)
	public void clearProducer() {
		if (this.producer instanceof MockProducer<?, ?> mock) {
			mock.clear();
		}
		else {
			this.producer.flush();
		}
	}

	@Benchmark
	public Object kafkaSendAndProcess() throws Exception {
		ProducerRecord<String, String> sent = new ProducerRecord<>("orders", "key", "value");
		this.producer.send(sent);
		ConsumerRecord<Object, Object> received = new ConsumerRecord<>("orders", 0, 42L, "key", "value");
		sent.headers().forEach((header) -> received.headers().add(header));
		if (this.interceptor != null) {
			this.interceptor.intercept(received, this.consumer);
			this.interceptor.success(received, this.consumer);
			this.interceptor.afterRecord(received, this.consumer);
		}
		return received;
	}

	@Benchmark
	public Object redisCommand() {
		AsyncCommand<String, String, String> command = new AsyncCommand<>(new Command<>(CommandType.GET,
				new ValueOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).addKey("session:42")));
		if (this.redisTracer != null) {
			TraceContext context = this.redisTracing.initialTraceContextProvider().getTraceContext();
			this.redisTracer.nextSpan(context).name("GET").start(command);
		}
		command.complete();
		return command;
	}

}
