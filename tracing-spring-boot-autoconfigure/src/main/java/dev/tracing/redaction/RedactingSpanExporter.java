package dev.tracing.redaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;

import dev.tracing.export.ForwardingSpanExporter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Masks secrets in every span before it leaves the process: span names, status descriptions, and the attributes of
 * spans, events (exception messages and stack traces) and links. Runs on the exporter's thread, off the request
 * path; a span with nothing to mask is passed on as it is.
 */
public final class RedactingSpanExporter extends ForwardingSpanExporter {

	private final Redactor redactor;

	public RedactingSpanExporter(SpanExporter delegate, Redactor redactor) {
		super(delegate);
		this.redactor = redactor;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		// The batch as it came unless a span in it is masked: most batches have nothing to mask.
		List<SpanData> redacted = null;
		Scan scan = new Scan();
		int index = 0;
		for (SpanData span : spans) {
			SpanData masked = redact(span, scan);
			if (masked != span && redacted == null) {
				redacted = new ArrayList<>(spans);
			}
			if (redacted != null) {
				redacted.set(index, masked);
			}
			index++;
		}
		return delegate().export((redacted != null) ? redacted : spans);
	}

	SpanData redact(SpanData span) {
		return redact(span, new Scan());
	}

	private SpanData redact(SpanData span, Scan scan) {
		String name = this.redactor.redactText(span.getName());
		Attributes attributes = redact(span.getAttributes(), scan);
		List<EventData> events = redactEvents(span.getEvents(), scan);
		List<LinkData> links = redactLinks(span.getLinks(), scan);
		StatusData status = span.getStatus();
		String description = this.redactor.redactText(status.getDescription());
		if (!description.equals(status.getDescription())) {
			status = StatusData.create(status.getStatusCode(), description);
		}
		if (name == span.getName() && attributes == span.getAttributes() && events == span.getEvents()
				&& links == span.getLinks() && status == span.getStatus()) {
			return span;
		}
		return new RedactedSpanData(span, name, attributes, events, links, status);
	}

	private List<EventData> redactEvents(List<EventData> events, Scan scan) {
		List<EventData> redacted = null;
		for (int i = 0; i < events.size(); i++) {
			EventData event = events.get(i);
			Attributes attributes = redact(event.getAttributes(), scan);
			String name = this.redactor.redactText(event.getName());
			if (attributes != event.getAttributes() || name != event.getName()) {
				if (redacted == null) {
					redacted = new ArrayList<>(events);
				}
				redacted.set(i, EventData.create(event.getEpochNanos(), name, attributes,
						event.getTotalAttributeCount()));
			}
		}
		return (redacted != null) ? redacted : events;
	}

	private List<LinkData> redactLinks(List<LinkData> links, Scan scan) {
		List<LinkData> redacted = null;
		for (int i = 0; i < links.size(); i++) {
			LinkData link = links.get(i);
			Attributes attributes = redact(link.getAttributes(), scan);
			if (attributes != link.getAttributes()) {
				if (redacted == null) {
					redacted = new ArrayList<>(links);
				}
				redacted.set(i, LinkData.create(link.getSpanContext(), attributes, link.getTotalAttributeCount()));
			}
		}
		return (redacted != null) ? redacted : links;
	}

	Attributes redact(Attributes attributes) {
		return redact(attributes, new Scan());
	}

	// Copies the attributes only when something is masked: most spans carry nothing to mask.
	private Attributes redact(Attributes attributes, Scan scan) {
		if (attributes.isEmpty() || !scan.findsSomethingToMask(attributes)) {
			return attributes;
		}
		AttributesBuilder builder = Attributes.builder();
		attributes.forEach((key, value) -> put(builder, key, redactValue(key, value)));
		return builder.build();
	}

	private Object redactValue(AttributeKey<?> key, Object value) {
		if (this.redactor.isSensitiveKey(key.getKey())) {
			return Redactor.MASK;
		}
		if (value instanceof String text) {
			return this.redactor.redactText(text);
		}
		if (key.getType() == AttributeType.STRING_ARRAY) {
			return redactItems((List<?>) value);
		}
		return value;
	}

	// A new list only when an item is masked.
	private Object redactItems(List<?> items) {
		List<String> redacted = null;
		for (int i = 0; i < items.size(); i++) {
			String text = String.valueOf(items.get(i));
			String masked = this.redactor.redactText(text);
			if (masked != text && redacted == null) {
				redacted = new ArrayList<>(items.size());
				for (int j = 0; j < i; j++) {
					redacted.add(String.valueOf(items.get(j)));
				}
			}
			if (redacted != null) {
				redacted.add(masked);
			}
		}
		return (redacted != null) ? redacted : items;
	}

	@SuppressWarnings("unchecked")
	private static void put(AttributesBuilder builder, AttributeKey<?> key, Object value) {
		if (value instanceof String text && key.getType() != AttributeType.STRING) {
			// A masked number or array becomes text under the same name.
			builder.put(AttributeKey.stringKey(key.getKey()), text);
		}
		else {
			builder.put((AttributeKey<Object>) key, value);
		}
	}

	@Override
	public String toString() {
		return "RedactingSpanExporter{" + delegate() + "}";
	}

	/**
	 * Whether attributes hold something to mask, found without allocating per span: one per batch, on the exporting
	 * thread.
	 */
	private final class Scan implements BiConsumer<AttributeKey<?>, Object> {

		private boolean found;

		boolean findsSomethingToMask(Attributes attributes) {
			this.found = false;
			attributes.forEach(this);
			return this.found;
		}

		@Override
		public void accept(AttributeKey<?> key, Object value) {
			if (!this.found && redactValue(key, value) != value) {
				this.found = true;
			}
		}

	}

	private static final class RedactedSpanData extends DelegatingSpanData {

		private final String name;

		private final Attributes attributes;

		private final List<EventData> events;

		private final List<LinkData> links;

		private final StatusData status;

		RedactedSpanData(SpanData delegate, String name, Attributes attributes, List<EventData> events,
				List<LinkData> links, StatusData status) {
			super(delegate);
			this.name = name;
			this.attributes = attributes;
			this.events = events;
			this.links = links;
			this.status = status;
		}

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public Attributes getAttributes() {
			return this.attributes;
		}

		@Override
		public List<EventData> getEvents() {
			return this.events;
		}

		@Override
		public List<LinkData> getLinks() {
			return this.links;
		}

		@Override
		public StatusData getStatus() {
			return this.status;
		}

	}

}
