package dev.tracing.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Records every span started, ended or not: a handler that opens a second span and loses it shows here, and so does
 * which of several processors saw a span.
 */
public final class StartedSpans implements SpanProcessor {

	private final List<String> names;

	private final Function<ReadWriteSpan, String> describe;

	private StartedSpans(List<String> names, Function<ReadWriteSpan, String> describe) {
		this.names = names;
		this.describe = describe;
	}

	/**
	 * Records the names of started spans.
	 * @return the processor
	 */
	public static StartedSpans names() {
		return new StartedSpans(new CopyOnWriteArrayList<>(), ReadableSpan::getName);
	}

	/**
	 * Records {@code label:name} of started spans into a shared list.
	 * @param label what this processor is called in the list
	 * @param into the list
	 * @return the processor
	 */
	public static StartedSpans labelled(String label, List<String> into) {
		return new StartedSpans(into, (span) -> label + ":" + span.getName());
	}

	public List<String> list() {
		return this.names;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		this.names.add(this.describe.apply(span));
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
	}

	@Override
	public boolean isEndRequired() {
		return false;
	}

}
