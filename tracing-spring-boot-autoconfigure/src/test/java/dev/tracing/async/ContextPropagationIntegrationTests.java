package dev.tracing.async;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tracing.testsupport.ChildJvm;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The current trace crosses threads through Spring's executors with no user code, and never leaks into the next
 * task a pooled thread runs.
 */
@SpringBootTest(classes = ContextPropagationIntegrationTests.AsyncApplication.class,
		webEnvironment = WebEnvironment.NONE, properties = "tracing.export.batch.schedule-delay=10ms")
class ContextPropagationIntegrationTests {

	@Autowired
	private Tracer tracer;

	@Autowired
	private Worker worker;

	@Autowired
	private InMemorySpanExporter exporter;

	@BeforeEach
	void reset() {
		this.exporter.reset();
	}

	@Test
	void shouldCarryTheTraceIntoAsyncMethods() throws Exception {
		Span parent = this.tracer.spanBuilder("checkout").startSpan();
		SpanContext seen;
		try (Scope ignored = parent.makeCurrent()) {
			seen = this.worker.currentInAsync().get();
		}
		parent.end();
		assertThat(seen.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
		assertThat(seen.getSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
		assertThat(this.worker.asyncThread()).startsWith("task-");
	}

	@Test
	void shouldTraceEachScheduledRunAsATraceOfItsOwn() {
		await().atMost(Duration.ofSeconds(10)).until(() -> scheduledSpans().size() >= 2);
		List<SpanData> runs = scheduledSpans();
		assertThat(runs).extracting(SpanData::getTraceId).doesNotHaveDuplicates();
		assertThat(runs).allSatisfy((run) -> assertThat(run.getParentSpanContext().isValid()).isFalse());
		assertThat(this.worker.scheduledSeen()).allSatisfy((context) -> assertThat(context.isValid()).isTrue());
	}

	private List<SpanData> scheduledSpans() {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().contains("sync"))
			.toList();
	}

	@Nested
	@SpringBootTest(classes = { ContextPropagationIntegrationTests.AsyncApplication.class,
			ContextPropagationIntegrationTests.UserExecutors.class }, webEnvironment = WebEnvironment.NONE)
	class WithTheApplicationsOwnExecutors {

		@Autowired
		private Tracer tracer;

		@Autowired
		@Qualifier("singleThreadExecutor")
		private ThreadPoolTaskExecutor singleThreadExecutor;

		@Autowired
		private ThreadPoolTaskScheduler userScheduler;

		@Test
		void shouldCarryTheTraceIntoUserExecutorsAndCompletableFutures() {
			Span parent = this.tracer.spanBuilder("checkout").startSpan();
			SpanContext seen;
			try (Scope ignored = parent.makeCurrent()) {
				seen = CompletableFuture
					.supplyAsync(() -> Span.current().getSpanContext(), this.singleThreadExecutor)
					.join();
			}
			parent.end();
			assertThat(seen.getSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
		}

		@Autowired
		@Qualifier("handBuiltExecutor")
		private ThreadPoolTaskExecutor handBuiltExecutor;

		@Test
		void shouldKeepTheUsersOwnTaskDecorator() {
			assertThat(CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), this.singleThreadExecutor)
				.join()).isEqualTo("decorated-by-user");
		}

		@Test
		void shouldCarryTheTraceIntoAnExecutorBuiltByHandWithTheStartersDecorator() {
			Span parent = this.tracer.spanBuilder("checkout").startSpan();
			SpanContext seen;
			String thread;
			try (Scope ignored = parent.makeCurrent()) {
				seen = CompletableFuture.supplyAsync(() -> Span.current().getSpanContext(), this.handBuiltExecutor)
					.join();
				thread = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), this.handBuiltExecutor)
					.join();
			}
			parent.end();
			assertThat(seen.getSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
			assertThat(thread).isEqualTo("hand-built");
		}

		@Test
		void shouldNotLeakATraceIntoTheNextTaskOnAPooledThread() {
			Span parent = this.tracer.spanBuilder("first-request").startSpan();
			try (Scope ignored = parent.makeCurrent()) {
				CompletableFuture.runAsync(() -> {
				}, this.singleThreadExecutor).join();
			}
			parent.end();
			// The same single thread now runs a task submitted outside any trace.
			SpanContext leaked = CompletableFuture
				.supplyAsync(() -> Span.current().getSpanContext(), this.singleThreadExecutor)
				.join();
			assertThat(leaked.isValid()).isFalse();
		}

		@Test
		void shouldCarryTheTraceIntoSchedulerTasks() throws Exception {
			Span parent = this.tracer.spanBuilder("schedule-reminder").startSpan();
			SpanContext seen;
			try (Scope ignored = parent.makeCurrent()) {
				seen = this.userScheduler.submitCompletable(() -> Span.current().getSpanContext()).get();
			}
			parent.end();
			assertThat(seen.getSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
		}

	}

	// Virtual threads need Java 21; the build runs on 17, so a newer JDK of the machine runs the probe.
	@Test
	void shouldCarryTheTraceIntoAsyncMethodsOnVirtualThreads() throws Exception {
		Optional<Path> java21 = ChildJvm.javaOfAtLeast(21);
		assumeTrue(java21.isPresent(), "No JDK 21+ found (set JAVA_21_HOME): virtual threads cannot be tested");
		ChildJvm.Result result = ChildJvm.run(java21.get(), VirtualThreadsProbe.class);
		String probe = result.line("PROBE").orElseThrow(() -> new AssertionError(result.output()));
		Matcher matcher = Pattern.compile("parent=(\\w+) seen=(\\w+) virtual=(\\w+)").matcher(probe);
		assertThat(matcher.find()).isTrue();
		assertThat(matcher.group(2)).isEqualTo(matcher.group(1));
		assertThat(matcher.group(3)).isEqualTo("true");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAsync
	@EnableScheduling
	static class AsyncApplication {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean
		Worker worker() {
			return new Worker();
		}

	}

	// The application's own executors: one from Boot's builder with a decorator bean of the application's, which
	// Boot composes with the starter's; one constructed by hand, given the starter's decorator around its own.
	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class UserExecutors {

		@Bean
		TaskDecorator renamingTaskDecorator() {
			return (runnable) -> () -> {
				Thread.currentThread().setName("decorated-by-user");
				runnable.run();
			};
		}

		@Bean
		ThreadPoolTaskExecutor singleThreadExecutor(ThreadPoolTaskExecutorBuilder builder) {
			return builder.corePoolSize(1).maxPoolSize(1).threadNamePrefix("single-").build();
		}

		@Bean
		ThreadPoolTaskExecutor handBuiltExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setTaskDecorator(new TraceContextTaskDecorator((runnable) -> () -> {
				Thread.currentThread().setName("hand-built");
				runnable.run();
			}));
			return executor;
		}

		@Bean
		ThreadPoolTaskScheduler userScheduler(ThreadPoolTaskSchedulerBuilder builder) {
			return builder.threadNamePrefix("user-scheduler-").build();
		}

	}

	// Proxied for @Async: state is read through methods, which reach the target.
	static class Worker {

		private volatile String asyncThread;

		private volatile boolean asyncThreadIsVirtual;

		private final List<SpanContext> scheduledSeen = new CopyOnWriteArrayList<>();

		public String asyncThread() {
			return this.asyncThread;
		}

		public boolean asyncThreadIsVirtual() {
			return this.asyncThreadIsVirtual;
		}

		public List<SpanContext> scheduledSeen() {
			return this.scheduledSeen;
		}

		@Async
		public CompletableFuture<SpanContext> currentInAsync() {
			this.asyncThread = Thread.currentThread().getName();
			this.asyncThreadIsVirtual = isVirtual(Thread.currentThread());
			return CompletableFuture.completedFuture(Span.current().getSpanContext());
		}

		@Scheduled(fixedDelay = 200)
		public void sync() {
			this.scheduledSeen.add(Span.current().getSpanContext());
		}

		// Thread.isVirtual() is Java 21; on 17 there are no virtual threads to see.
		private static boolean isVirtual(Thread thread) {
			try {
				return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
			}
			catch (ReflectiveOperationException ex) {
				return false;
			}
		}

	}

}
