package dev.tracing.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tracing.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logs of a real application, started in a fresh JVM as in production, show the trace and span ids in Spring
 * Boot's default console pattern inside a trace, and nothing outside one.
 */
class LogCorrelationIntegrationTests {

	@Test
	void shouldShowTraceAndSpanIdsInTheDefaultConsolePattern() throws Exception {
		ChildJvm.Result result = run();
		Ids ids = ids(result);
		assertThat(line(result, "inside the span")).contains(ids.trace).contains(ids.span);
		assertThat(line(result, "inside the child span")).contains(ids.trace).contains(ids.child);
		assertThat(line(result, "back in the span")).contains(ids.span).doesNotContain(ids.child);
		assertThat(line(result, "before any span")).doesNotContain(ids.trace);
		assertThat(line(result, "after the span")).doesNotContain(ids.trace).doesNotContain(ids.span);
		assertThat(line(result, "context storage")).contains(MdcContextStorage.class.getName());
	}

	@Test
	void shouldUseConfiguredMdcKeys() throws Exception {
		ChildJvm.Result result = run("--tracing.logging.mdc.trace-id-key=trace_id",
				"--tracing.logging.mdc.span-id-key=span_id",
				"--logging.pattern.console=%m trace_id=%X{trace_id:-none} span_id=%X{span_id:-none}%n");
		Ids ids = ids(result);
		assertThat(line(result, "inside the span")).contains("trace_id=" + ids.trace)
			.contains("span_id=" + ids.span);
		assertThat(line(result, "after the span")).contains("trace_id=none span_id=none");
	}

	@Test
	void shouldLeaveLogsAloneWhenTracingIsDisabled() throws Exception {
		ChildJvm.Result result = ChildJvm.run(ChildJvm.currentJava(), DisabledProbe.class);
		assertThat(result.output()).contains("started without tracing")
			.doesNotContain("Exception");
		// The JVM is left untouched: OpenTelemetry's context storage has no wrapper of the starter's.
		assertThat(result.line("context storage").orElseThrow()).doesNotContain(MdcContextStorage.class.getName());
		assertThat(result.line("context storage").orElseThrow()).contains("context storage: ");
	}

	private static ChildJvm.Result run(String... args) throws Exception {
		String[] all = new String[args.length + 2];
		all[0] = "--spring.main.banner-mode=off";
		all[1] = "--tracing.export.type=none";
		System.arraycopy(args, 0, all, 2, args.length);
		ChildJvm.Result result = ChildJvm.run(ChildJvm.currentJava(), LogCorrelationProbe.class, all);
		assertThat(result.exitCode()).as(result.output()).isZero();
		return result;
	}

	private static String line(ChildJvm.Result result, String message) {
		return result.line(message).orElseThrow(() -> new AssertionError("No '" + message + "' in " + result.output()));
	}

	private static Ids ids(ChildJvm.Result result) {
		Matcher matcher = Pattern.compile("IDS trace=(\\w+) span=(\\w+) child=(\\w+)").matcher(result.output());
		assertThat(matcher.find()).as(result.output()).isTrue();
		return new Ids(matcher.group(1), matcher.group(2), matcher.group(3));
	}

	private record Ids(String trace, String span, String child) {
	}

	/**
	 * With tracing disabled the application starts and logs normally.
	 */
	public static final class DisabledProbe {

		public static void main(String[] args) {
			org.springframework.boot.SpringApplication application = new org.springframework.boot.SpringApplication(
					LogCorrelationProbe.class);
			application.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
			try (var context = application.run("--tracing.enabled=false", "--spring.main.banner-mode=off")) {
				org.slf4j.LoggerFactory.getLogger(DisabledProbe.class)
					.info("started without tracing: " + context.getBeanNamesForType(
							io.opentelemetry.api.OpenTelemetry.class).length + " OpenTelemetry beans");
				System.out.println("context storage: " + io.opentelemetry.context.ContextStorage.get().getClass().getName());
			}
		}

	}

}
