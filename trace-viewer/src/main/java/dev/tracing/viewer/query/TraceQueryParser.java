package dev.tracing.viewer.query;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.MultiValueMap;

/**
 * Turns the parameters of Jaeger's {@code /api/traces} into a {@link TraceQuery},
 * rejecting what cannot be used with a message naming the parameter.
 */
final class TraceQueryParser {

	static final int DEFAULT_LIMIT = 100;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	TraceQueryParser(JsonMapper jsonMapper, Clock clock) {
		this.jsonMapper = jsonMapper;
		this.clock = clock;
	}

	TraceQuery parse(MultiValueMap<String, String> parameters) {
		Duration minDuration = duration(parameters, "minDuration");
		Duration maxDuration = duration(parameters, "maxDuration");
		if (minDuration != null && maxDuration != null && maxDuration.compareTo(minDuration) < 0) {
			throw new InvalidQueryException("maxDuration", "must not be less than minDuration");
		}
		Long endMicros = micros(parameters, "end");
		Long startMicros = micros(parameters, "start");
		Duration lookback = lookback(parameters);
		if (startMicros == null && lookback != null) {
			long end = (endMicros != null) ? endMicros : this.clock.millis() * 1000;
			startMicros = end - lookback.toNanos() / 1000;
		}
		if (startMicros != null && endMicros != null && endMicros < startMicros) {
			throw new InvalidQueryException("end", "must not be before start");
		}
		return new TraceQuery(value(parameters, "service"), value(parameters, "operation"), tags(parameters),
				minDuration, maxDuration, startMicros, endMicros, limit(parameters), traceIds(parameters));
	}

	private static @Nullable String value(MultiValueMap<String, String> parameters, String name) {
		String value = parameters.getFirst(name);
		return (value == null || value.isBlank()) ? null : value;
	}

	private static @Nullable Duration duration(MultiValueMap<String, String> parameters, String name) {
		String value = value(parameters, name);
		try {
			return (value != null) ? DurationParser.parse(value) : null;
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidQueryException(name, ex.getMessage());
		}
	}

	private static @Nullable Duration lookback(MultiValueMap<String, String> parameters) {
		String value = value(parameters, "lookback");
		// Jaeger's UI sends 'custom' when start and end were picked by hand
		return (value == null || value.equals("custom")) ? null : duration(parameters, "lookback");
	}

	private static @Nullable Long micros(MultiValueMap<String, String> parameters, String name) {
		String value = value(parameters, name);
		if (value == null) {
			return null;
		}
		try {
			long micros = Long.parseLong(value.trim());
			if (micros < 0) {
				throw new InvalidQueryException(name, "must not be negative, was " + value);
			}
			return micros;
		}
		catch (NumberFormatException ex) {
			throw new InvalidQueryException(name,
					"cannot parse '" + value + "' as a time in microseconds since the epoch");
		}
	}

	private static int limit(MultiValueMap<String, String> parameters) {
		String value = value(parameters, "limit");
		if (value == null) {
			return DEFAULT_LIMIT;
		}
		try {
			int limit = Integer.parseInt(value.trim());
			if (limit < 0) {
				throw new InvalidQueryException("limit", "must not be negative, was " + value);
			}
			return (limit != 0) ? limit : DEFAULT_LIMIT;
		}
		catch (NumberFormatException ex) {
			throw new InvalidQueryException("limit", "cannot parse '" + value + "' as a whole number");
		}
	}

	private Map<String, String> tags(MultiValueMap<String, String> parameters) {
		Map<String, String> tags = new LinkedHashMap<>();
		String json = value(parameters, "tags");
		if (json != null) {
			tags.putAll(jsonTags(json));
		}
		// The older form, repeatable: tag=key:value
		for (String tag : parameters.getOrDefault("tag", List.of())) {
			int separator = tag.indexOf(':');
			if (separator <= 0) {
				throw new InvalidQueryException("tag", "expected key:value, was '" + tag + "'");
			}
			tags.put(tag.substring(0, separator), tag.substring(separator + 1));
		}
		return tags;
	}

	private Map<String, String> jsonTags(String json) {
		JsonNode root;
		try {
			root = this.jsonMapper.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidQueryException("tags", "malformed JSON, expected an object such as "
					+ "{\"error\":\"true\"}: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw new InvalidQueryException("tags", "expected a JSON object such as {\"http.route\":\"/payments\"}");
		}
		Map<String, String> tags = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : root.properties()) {
			JsonNode value = entry.getValue();
			if (!value.isValueNode() || value.isNull()) {
				throw new InvalidQueryException("tags",
						"the value of '" + entry.getKey() + "' must be a string, number or boolean");
			}
			tags.put(entry.getKey(), value.asString());
		}
		return tags;
	}

	private static List<String> traceIds(MultiValueMap<String, String> parameters) {
		List<String> traceIds = new ArrayList<>();
		for (String value : parameters.getOrDefault("traceID", List.of())) {
			for (String traceId : value.split(",")) {
				if (!traceId.isBlank()) {
					traceIds.add(TraceIds.normalize("traceID", traceId));
				}
			}
		}
		return traceIds;
	}

}
