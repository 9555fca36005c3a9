package dev.tracing.viewer.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tracing.viewer.store.Attribute;
import dev.tracing.viewer.store.SpanEvent;
import dev.tracing.viewer.store.SpanLink;
import dev.tracing.viewer.store.SpanResource;
import dev.tracing.viewer.store.StoredSpan;
import dev.tracing.viewer.store.TraceSnapshot;

/**
 * Maps stored traces to Jaeger's JSON, as Jaeger's own OTLP translator does: the parent
 * becomes a {@code CHILD_OF} reference, links {@code FOLLOWS_FROM} references, events
 * logs and each distinct resource a process.
 */
final class JaegerTraceMapper {

	private static final int SAMPLED = 1;

	JaegerJson.Trace map(TraceSnapshot trace) {
		List<StoredSpan> spans = new ArrayList<>(trace.spans());
		spans.sort(Comparator.comparingLong(StoredSpan::startEpochNanos));
		Map<SpanResource, String> processIds = new HashMap<>();
		Map<String, JaegerJson.Process> processes = new LinkedHashMap<>();
		List<JaegerJson.Span> jaegerSpans = new ArrayList<>(spans.size());
		Map<String, List<Attribute>> derivedTags = trace.derivedTags();
		for (StoredSpan span : spans) {
			String processId = processIds.computeIfAbsent(span.resource(), (resource) -> {
				String id = "p" + (processes.size() + 1);
				processes.put(id, new JaegerJson.Process(resource.serviceName(), tags(resource.attributes())));
				return id;
			});
			jaegerSpans.add(map(span, processId, derivedTags.getOrDefault(span.spanId(), List.of())));
		}
		return new JaegerJson.Trace(trace.traceId(), jaegerSpans, processes, null);
	}

	private static JaegerJson.Span map(StoredSpan span, String processId, List<Attribute> derivedTags) {
		List<JaegerJson.Reference> references = new ArrayList<>(span.links().size() + 1);
		if (span.parentSpanId() != null) {
			references.add(new JaegerJson.Reference("CHILD_OF", span.traceId(), span.parentSpanId()));
		}
		for (SpanLink link : span.links()) {
			references.add(new JaegerJson.Reference("FOLLOWS_FROM", link.traceId(), link.spanId()));
		}
		List<JaegerJson.Log> logs = new ArrayList<>(span.events().size());
		for (SpanEvent event : span.events()) {
			List<JaegerJson.Tag> fields = new ArrayList<>(event.attributes().size() + 1);
			fields.add(new JaegerJson.Tag("event", Attribute.Type.STRING.jaegerName(), event.name()));
			fields.addAll(tags(event.attributes()));
			logs.add(new JaegerJson.Log(event.epochNanos() / 1000, fields));
		}
		return new JaegerJson.Span(span.traceId(), span.spanId(), span.name(), references, SAMPLED,
				span.startEpochNanos() / 1000, span.durationNanos() / 1000, tags(SpanTags.of(span, derivedTags)), logs,
				processId,
				null);
	}

	private static List<JaegerJson.Tag> tags(List<Attribute> attributes) {
		List<JaegerJson.Tag> tags = new ArrayList<>(attributes.size());
		for (Attribute attribute : attributes) {
			tags.add(new JaegerJson.Tag(attribute.key(), attribute.type().jaegerName(), attribute.value()));
		}
		return tags;
	}

}
