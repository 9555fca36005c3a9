package dev.tracing.viewer.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.tracing.viewer.store.Attribute;
import dev.tracing.viewer.store.StoredSpan;

/**
 * The tags Jaeger shows for a span: its attributes plus what OTLP keeps in dedicated
 * fields (kind, status, scope), named as Jaeger's OTLP translator names them, and the
 * viewer's own findings on the trace (N+1 queries).
 */
final class SpanTags {

	private SpanTags() {
	}

	static List<Attribute> of(StoredSpan span) {
		return of(span, List.of());
	}

	/**
	 * Return the tags of a span, with tags derived from its trace, such as its N+1
	 * queries, after its attributes.
	 * @param span the span
	 * @param derived tags derived from the span's trace
	 * @return the tags
	 */
	static List<Attribute> of(StoredSpan span, List<Attribute> derived) {
		List<Attribute> tags = new ArrayList<>(span.attributes().size() + derived.size() + 6);
		tags.addAll(span.attributes());
		tags.addAll(derived);
		if (!span.scopeName().isEmpty()) {
			tags.add(Attribute.ofString("otel.scope.name", span.scopeName()));
		}
		if (!span.scopeVersion().isEmpty()) {
			tags.add(Attribute.ofString("otel.scope.version", span.scopeVersion()));
		}
		if (span.kind() != StoredSpan.Kind.UNSPECIFIED) {
			tags.add(Attribute.ofString("span.kind", span.kind().name().toLowerCase(Locale.ROOT)));
		}
		if (span.statusCode() != StoredSpan.StatusCode.UNSET) {
			tags.add(Attribute.ofString("otel.status_code", span.statusCode().name()));
		}
		if (!span.statusMessage().isEmpty()) {
			tags.add(Attribute.ofString("otel.status_description", span.statusMessage()));
		}
		if (span.isError() && span.attributes().stream().noneMatch((attribute) -> attribute.key().equals("error"))) {
			tags.add(Attribute.ofBoolean("error", true));
		}
		return tags;
	}

}
