package dev.tracing.test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Groups captured spans into traces and trees, and prints them the way {@code run-demo.sh} prints a trace: one line
 * per span, indented under its parent, with its service, name, kind, duration, status and attributes.
 */
final class SpanTrees {

	private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

	private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");

	private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

	private static final int MAX_VALUE_LENGTH = 100;

	private static final Comparator<SpanData> BY_START = Comparator.comparingLong(SpanData::getStartEpochNanos);

	private SpanTrees() {
	}

	/**
	 * Groups spans by trace, the trace that started first first.
	 * @param spans the spans
	 * @return the traces, each a list of spans by start time
	 */
	static List<List<SpanData>> traces(List<SpanData> spans) {
		Map<String, List<SpanData>> byTrace = new LinkedHashMap<>();
		spans.stream()
			.sorted(BY_START)
			.forEach((span) -> byTrace.computeIfAbsent(span.getTraceId(), (id) -> new ArrayList<>()).add(span));
		return List.copyOf(byTrace.values());
	}

	/**
	 * The spans of a trace whose parent is not among them: the root, or the spans whose parent ran in a service
	 * that was not captured.
	 * @param trace the spans of one trace
	 * @return its roots, by start time
	 */
	static List<SpanData> roots(List<SpanData> trace) {
		Set<String> ids = new HashSet<>();
		trace.forEach((span) -> ids.add(span.getSpanId()));
		return trace.stream()
			.filter((span) -> !span.getParentSpanContext().isValid() || !ids.contains(span.getParentSpanId()))
			.sorted(BY_START)
			.toList();
	}

	static List<SpanData> children(List<SpanData> trace, SpanData parent) {
		return trace.stream()
			.filter((span) -> span.getParentSpanContext().isValid()
					&& span.getParentSpanId().equals(parent.getSpanId()))
			.sorted(BY_START)
			.toList();
	}

	static String service(SpanData span) {
		String service = span.getResource().getAttribute(SERVICE_NAME);
		return (service != null) ? service : "?";
	}

	static String describe(SpanData span) {
		return service(span) + " " + span.getKind() + " '" + span.getName() + "'";
	}

	/**
	 * Prints every trace as a tree.
	 * @param spans the spans
	 * @return the trees, or a line saying none was captured
	 */
	static String render(List<SpanData> spans) {
		if (spans.isEmpty()) {
			return "No spans were captured.";
		}
		List<List<SpanData>> traces = traces(spans);
		StringBuilder out = new StringBuilder();
		out.append("Captured spans: ")
			.append(spans.size())
			.append((spans.size() == 1) ? " span" : " spans")
			.append(" in ")
			.append(traces.size())
			.append((traces.size() == 1) ? " trace" : " traces");
		for (List<SpanData> trace : traces) {
			out.append("\n\n").append(renderTrace(trace));
		}
		return out.toString();
	}

	static String renderTrace(List<SpanData> trace) {
		long start = trace.stream().mapToLong(SpanData::getStartEpochNanos).min().orElse(0);
		long end = trace.stream().mapToLong(SpanData::getEndEpochNanos).max().orElse(0);
		List<String[]> rows = new ArrayList<>();
		List<SpanData> roots = roots(trace);
		for (SpanData root : roots) {
			walk(trace, root, "  ", true, 0, rows);
		}
		int[] widths = new int[5];
		for (String[] row : rows) {
			for (int i = 0; i < 5; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		StringBuilder out = new StringBuilder();
		out.append("Trace ")
			.append(trace.get(0).getTraceId())
			.append(": ")
			.append(trace.size())
			.append((trace.size() == 1) ? " span, " : " spans, ")
			.append(duration(end - start));
		if (roots.size() > 1) {
			out.append(" (").append(roots.size()).append(" roots: not one tree)");
		}
		for (String[] row : rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < 5; i++) {
				String cell = (i == 3) ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false);
				line.append(cell).append("  ");
			}
			line.append(row[5]);
			out.append('\n').append(line.toString().stripTrailing());
		}
		return out.toString();
	}

	private static void walk(List<SpanData> trace, SpanData span, String prefix, boolean last, int depth,
			List<String[]> rows) {
		String branch = (depth == 0) ? "" : (last ? "└─ " : "├─ ");
		String status = span.getStatus().getStatusCode().name();
		String details = attributes(span);
		if (depth == 0 && span.getParentSpanContext().isValid()) {
			details = ("parent=" + span.getParentSpanId() + " (not captured)  " + details).stripTrailing();
		}
		rows.add(new String[] { prefix + branch + service(span), span.getName(), span.getKind().name(),
				duration(span.getEndEpochNanos() - span.getStartEpochNanos()), status, details });
		List<SpanData> children = children(trace, span);
		String childPrefix = prefix + ((depth == 0) ? "" : (last ? "   " : "│  "));
		for (int i = 0; i < children.size(); i++) {
			walk(trace, children.get(i), childPrefix, i == children.size() - 1, depth + 1, rows);
		}
	}

	private static String attributes(SpanData span) {
		List<String> shown = new ArrayList<>();
		// Sorted by key: the SDK keeps no stable order, and a sorted line is easier to scan.
		new TreeMap<>(span.getAttributes().asMap().entrySet().stream()
			.collect(Collectors.toMap((entry) -> entry.getKey().getKey(), Map.Entry::getValue, (a, b) -> b)))
			.forEach((key, value) -> shown.add(key + "=" + value(value)));
		for (EventData event : span.getEvents()) {
			if (event.getName().equals("exception")) {
				Attributes attributes = event.getAttributes();
				shown.add("exception=\"" + value(attributes.get(EXCEPTION_TYPE) + ": "
						+ attributes.get(EXCEPTION_MESSAGE)) + "\"");
			}
			else {
				shown.add("event=" + event.getName());
			}
		}
		if (span.getStatus().getStatusCode() == StatusCode.ERROR && !span.getStatus().getDescription().isEmpty()) {
			shown.add("status.description=\"" + value(span.getStatus().getDescription()) + "\"");
		}
		return String.join("  ", shown);
	}

	private static String value(Object value) {
		String text = String.valueOf(value);
		return (text.length() > MAX_VALUE_LENGTH) ? text.substring(0, MAX_VALUE_LENGTH) + "…" : text;
	}

	static String duration(long nanos) {
		double millis = nanos / 1_000_000.0;
		return (millis < 1000) ? String.format(Locale.ROOT, "%.1f ms", millis)
				: String.format(Locale.ROOT, "%.2f s", millis / 1000);
	}

	private static String pad(String text, int width, boolean right) {
		if (text.length() >= width) {
			return text;
		}
		String padding = " ".repeat(width - text.length());
		return right ? padding + text : text + padding;
	}

}
