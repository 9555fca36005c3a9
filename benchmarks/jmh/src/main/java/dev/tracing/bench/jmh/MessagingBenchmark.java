package dev.tracing.bench.jmh;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
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
import io.lettuce.core.tracing.MicrometerTracing;
import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.Tracer;
import io.lettuce.core.tracing.Tracing;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Span;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
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
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.ProducerPostProcessor;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * The tracing work per Kafka message (a {@code KafkaTemplate} send, acknowledged, then the processing of the received
 * record as a listener container does it) and per Redis command (Lettuce's tracing SPI as its {@code CommandHandler}
 * drives it, from the issuing thread's context to the command's completion), inside a sampled parent, with no
 * network: the broker's and the server's time is the same in every variant. Variants:
 * <ul>
 * <li>{@code untraced}: the same calls, nothing traced;</li>
 * <li>{@code starter}: this starter's producer post-processor and record interceptor, its Lettuce {@code Tracing};</li>
 * <li>{@code observation}: what Spring offers instead, on the same SDK through the Micrometer Tracing OpenTelemetry
 * bridge wired as Spring Boot wires it (sender, receiver and default tracing handlers): the template's observation
 * ({@code spring.kafka.template.observation-enabled}), the listener container's observation
 * ({@code spring.kafka.listener.observation-enabled}, reproduced with Spring Kafka's own
 * {@link KafkaListenerObservation} and {@link KafkaRecordReceiverContext}), and Lettuce's {@link MicrometerTracing}
 * (Boot's {@code LettuceObservationAutoConfiguration}). Boot would also time each observation into a meter registry
 * when one is present; that cost is not included.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class MessagingBenchmark {

	private static final String TOPIC = "orders";

	@Param({ "untraced", "starter", "observation" })
	public String variant;

	private Sdk sdk;

	private KafkaTemplate<String, String> template;

	private KeptOpenProducer producer;

	private RecordInterceptor<Object, Object> interceptor;

	private ObservationRegistry registry;

	private final MockConsumer<Object, Object> consumer = new MockConsumer<>("earliest");

	private Tracing redisTracing;

	private Tracer redisTracer;

	private Tracing.Endpoint redisEndpoint;

	private long offset;

	private AutoCloseable parent;

	@Setup(Level.Trial)
	public void setUp() {
		boolean untraced = this.variant.equals("untraced");
		this.sdk = untraced ? Sdk.noop() : Sdk.withRatio(1.0);
		this.producer = new KeptOpenProducer();
		BenchProducerFactory<String, String> factory = new BenchProducerFactory<>(this.producer);
		this.template = new KafkaTemplate<>(factory);
		switch (this.variant) {
			case "untraced" -> this.parent = () -> {
			};
			case "starter" -> {
				KafkaTracing kafka = new KafkaTracing(this.sdk.openTelemetry, DestinationFilter.of(List.of()));
				kafka.instrument(factory);
				ConcurrentKafkaListenerContainerFactory<Object, Object> containers = new ConcurrentKafkaListenerContainerFactory<>();
				kafka.instrument(containers);
				this.interceptor = containers.getRecordInterceptor();
				this.redisTracing = new RedisCommandTracing(this.sdk.openTelemetry, false);
				Span span = this.sdk.openTelemetry.getTracer("bench").spanBuilder("parent").startSpan();
				io.opentelemetry.context.Scope scope = span.makeCurrent();
				this.parent = () -> {
					scope.close();
					span.end();
				};
			}
			case "observation" -> {
				this.registry = observationRegistry(this.sdk);
				this.template.setObservationRegistry(this.registry);
				this.template.setObservationEnabled(true);
				this.redisTracing = new MicrometerTracing(this.registry, "bench");
				Observation observation = Observation.start("parent", this.registry);
				Observation.Scope scope = observation.openScope();
				this.parent = () -> {
					scope.close();
					observation.stop();
				};
			}
			default -> throw new IllegalArgumentException("Unknown variant " + this.variant);
		}
		if (this.redisTracing != null) {
			this.redisTracer = this.redisTracing.getTracerProvider().getTracer();
			this.redisEndpoint = this.redisTracing.createEndpoint(new InetSocketAddress("127.0.0.1", 6379));
		}
	}

	/**
	 * Micrometer Tracing on the OpenTelemetry SDK, with the handlers Spring Boot's
	 * {@code MicrometerTracingAutoConfiguration} registers.
	 */
	private static ObservationRegistry observationRegistry(Sdk sdk) {
		io.opentelemetry.api.trace.Tracer otelTracer = sdk.openTelemetry.getTracer("bench-observation");
		OtelCurrentTraceContext current = new OtelCurrentTraceContext();
		OtelTracer tracer = new OtelTracer(otelTracer, current, (event) -> {
		}, new OtelBaggageManager(current, List.of(), List.of()));
		OtelPropagator propagator = new OtelPropagator(sdk.openTelemetry.getPropagators(), otelTracer);
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
					new DefaultTracingObservationHandler(tracer)));
		return registry;
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		this.parent.close();
		this.sdk.close();
	}

	// Spans exported by the trial, once torn down.
	long exported() {
		return this.sdk.exported();
	}

	@TearDown(Level.Iteration)
	public void clearProducer() {
		this.producer.clear();
	}

	@Benchmark
	public Object kafkaSendAndProcess() throws Exception {
		this.template.send(TOPIC, "key", "value").get();
		ConsumerRecord<Object, Object> received = new ConsumerRecord<>(TOPIC, 0, this.offset++, "key", "value");
		this.producer.lastHeaders().forEach((header) -> received.headers().add(header));
		if (this.interceptor != null) {
			this.interceptor.intercept(received, this.consumer);
			listener(received);
			this.interceptor.success(received, this.consumer);
			this.interceptor.afterRecord(received, this.consumer);
		}
		else if (this.registry != null) {
			KafkaListenerObservation.LISTENER_OBSERVATION
				.observation(null, DefaultKafkaListenerObservationConvention.INSTANCE,
						() -> new KafkaRecordReceiverContext(received, "bench-listener", "bench-client", "bench-group",
								() -> null),
						this.registry)
				.observe(() -> listener(received));
		}
		else {
			listener(received);
		}
		return received;
	}

	private static void listener(ConsumerRecord<Object, Object> received) {
		if (received.value() == null) {
			throw new IllegalStateException("no value");
		}
	}

	@Benchmark
	public Object redisCommand() {
		AsyncCommand<String, String, String> command = new AsyncCommand<>(new Command<>(CommandType.GET,
				new ValueOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).addKey("session:42")));
		if (this.redisTracer != null) {
			// As Lettuce's CommandHandler does before writing a command; the span ends when the command completes.
			TraceContext context = this.redisTracing.initialTraceContextProvider().getTraceContext();
			this.redisTracer.nextSpan(context).name("GET").remoteEndpoint(this.redisEndpoint).start(command);
		}
		command.complete();
		return command;
	}

	/**
	 * Kafka's {@code MockProducer}, acknowledging every send at once, which the template cannot close (a
	 * {@code DefaultKafkaProducerFactory} hands the template a shared producer whose {@code close} does nothing).
	 */
	static final class KeptOpenProducer extends MockProducer<String, String> {

		private ProducerRecord<String, String> last;

		KeptOpenProducer() {
			super(true, null, new StringSerializer(), new StringSerializer());
		}

		@Override
		public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
			this.last = record;
			return super.send(record, callback);
		}

		@Override
		public void close() {
		}

		@Override
		public void close(Duration timeout) {
		}

		Headers lastHeaders() {
			return this.last.headers();
		}

	}

	/**
	 * A producer factory over one producer, its post-processors applied once, as {@code DefaultKafkaProducerFactory}
	 * applies them to the producer it shares.
	 */
	static final class BenchProducerFactory<K, V> implements ProducerFactory<K, V> {

		private final Producer<K, V> raw;

		private final List<ProducerPostProcessor<K, V>> postProcessors = new ArrayList<>();

		private Producer<K, V> producer;

		BenchProducerFactory(Producer<K, V> raw) {
			this.raw = raw;
		}

		@Override
		public Producer<K, V> createProducer() {
			if (this.producer == null) {
				Producer<K, V> result = this.raw;
				for (ProducerPostProcessor<K, V> postProcessor : this.postProcessors) {
					result = postProcessor.apply(result);
				}
				this.producer = result;
			}
			return this.producer;
		}

		@Override
		public List<ProducerPostProcessor<K, V>> getPostProcessors() {
			return this.postProcessors;
		}

		@Override
		public void addPostProcessor(ProducerPostProcessor<K, V> postProcessor) {
			this.postProcessors.add(postProcessor);
		}

	}

}
