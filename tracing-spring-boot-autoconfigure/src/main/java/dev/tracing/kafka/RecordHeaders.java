package dev.tracing.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes propagation fields in Kafka record headers, as UTF-8 text. Writing replaces a field already there
 * (a record sent again, or forwarded to a dead-letter topic, carries its new sender's context).
 */
enum RecordHeaders implements TextMapGetter<Headers>, TextMapSetter<Headers> {

	INSTANCE;

	@Override
	public Iterable<String> keys(Headers carrier) {
		List<String> keys = new ArrayList<>();
		for (Header header : carrier) {
			keys.add(header.key());
		}
		return keys;
	}

	@Override
	public @Nullable String get(@Nullable Headers carrier, String key) {
		if (carrier == null) {
			return null;
		}
		Header header = carrier.lastHeader(key);
		if (header == null || header.value() == null) {
			return null;
		}
		return new String(header.value(), StandardCharsets.UTF_8);
	}

	@Override
	public void set(@Nullable Headers carrier, String key, String value) {
		if (carrier != null) {
			carrier.remove(key);
			carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
		}
	}

}
