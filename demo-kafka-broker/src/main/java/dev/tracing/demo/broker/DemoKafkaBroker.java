package dev.tracing.demo.broker;

import java.util.concurrent.CountDownLatch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The demo's Kafka: Apache Kafka's own KRaft broker (broker and controller in one JVM), started from Maven artifacts
 * through Spring Kafka's {@link EmbeddedKafkaKraftBroker}, with the demo's topic {@value #TOPIC} created.
 * <p>
 * {@code java -jar demo-kafka-broker-…-exec.jar} runs it until the JVM is stopped (SIGTERM, Ctrl-C) and prints
 * {@code Kafka broker ready on <bootstrap servers>} once clients can connect: {@code run-demo.sh} waits for that line
 * and hands the address to both services. demo-tests start it in their own JVM with {@link #start()}.
 */
public final class DemoKafkaBroker implements AutoCloseable {

	/** The topic payment-service publishes to and user-service consumes. */
	public static final String TOPIC = "payment.completed";

	private final EmbeddedKafkaKraftBroker broker;

	private DemoKafkaBroker(EmbeddedKafkaKraftBroker broker) {
		this.broker = broker;
	}

	/**
	 * Starts a broker with the demo's topic on a free port of localhost (the KRaft test broker takes no fixed port:
	 * its {@code kafkaPorts} is ignored), which {@link #bootstrapServers()} tells.
	 * @return the running broker
	 */
	public static DemoKafkaBroker start() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
		broker.afterPropertiesSet();
		return new DemoKafkaBroker(broker);
	}

	/**
	 * Returns where clients connect.
	 * @return {@code host:port}, the value of {@code spring.kafka.bootstrap-servers}
	 */
	public String bootstrapServers() {
		return this.broker.getBrokersAsString();
	}

	@Override
	public void close() {
		this.broker.destroy();
	}

	public static void main(String[] args) throws InterruptedException {
		if (args.length > 0) {
			throw new IllegalArgumentException("demo-kafka-broker takes no arguments, got " + String.join(" ", args));
		}
		// Kafka logs every step of its start at INFO: only warnings and errors in run-demo.sh's log.
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		DemoKafkaBroker broker = start();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			broker.close();
			stopped.countDown();
		}, "demo-kafka-broker-shutdown"));
		System.out.println("Kafka broker ready on " + broker.bootstrapServers() + " (topic " + TOPIC + ")");
		stopped.await();
	}

}
