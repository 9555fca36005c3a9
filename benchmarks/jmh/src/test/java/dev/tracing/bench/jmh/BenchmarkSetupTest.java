package dev.tracing.bench.jmh;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each benchmark mode must measure what its name says: a span per operation when sampled, none otherwise. A mode
 * that silently recorded nothing (or everything) would make its figures meaningless.
 */
class BenchmarkSetupTest {

	private static final int OPERATIONS = 50;

	@ParameterizedTest
	@CsvSource({ "none,starter,0", "sampled,starter,50", "unsampled,starter,0", "skipped,starter,0",
			"disabled,starter,0", "sampled,application,50", "unsampled,application,0", "skipped,application,0" })
	void filterBenchmarkExportsOneSpanPerSampledOperation(String mode, String sampler, long expected)
			throws Exception {
		TracingFilterBenchmark benchmark = new TracingFilterBenchmark();
		benchmark.mode = mode;
		benchmark.sampler = sampler;
		benchmark.setUp();
		for (int i = 0; i < OPERATIONS; i++) {
			benchmark.doFilter();
		}
		benchmark.tearDown();
		assertThat(benchmark.exported()).isEqualTo(expected);
	}

	@ParameterizedTest
	// The parent server span counts too when it is sampled (none, sampled): the calls' spans come on top.
	@CsvSource({ "none,1", "sampled,51", "unsampled,0", "skipped,0", "disabled,0" })
	void clientBenchmarkExportsOneSpanPerSampledCall(String mode, long expected) throws Exception {
		ClientInterceptorBenchmark benchmark = new ClientInterceptorBenchmark();
		benchmark.mode = mode;
		benchmark.setUp();
		for (int i = 0; i < OPERATIONS; i++) {
			assertThat(benchmark.intercept().getStatusCode().value()).isEqualTo(200);
		}
		benchmark.tearDown();
		assertThat(benchmark.exported()).isEqualTo(expected);
	}

	@ParameterizedTest
	// The parent span counts too when traced: a Kafka message makes two spans (send, process), a command one.
	@CsvSource({ "untraced,0,0", "starter,101,51", "observation,101,51" })
	void messagingBenchmarkExportsTheSpansOfEachMessageAndCommand(String variant, long kafka, long redis)
			throws Exception {
		MessagingBenchmark benchmark = new MessagingBenchmark();
		benchmark.variant = variant;
		benchmark.setUp();
		for (int i = 0; i < OPERATIONS; i++) {
			benchmark.kafkaSendAndProcess();
		}
		benchmark.tearDown();
		assertThat(benchmark.exported()).isEqualTo(kafka);
		benchmark = new MessagingBenchmark();
		benchmark.variant = variant;
		benchmark.setUp();
		for (int i = 0; i < OPERATIONS; i++) {
			benchmark.redisCommand();
		}
		benchmark.tearDown();
		assertThat(benchmark.exported()).isEqualTo(redis);
	}

}
