package dev.tracing.viewer.query;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A search for traces, as given by the parameters of Jaeger's {@code /api/traces}.
 *
 * @param service the service a matching span must belong to, or {@code null} for any
 * @param operation the name a matching span must have, or {@code null} for any
 * @param tags tags a matching span must have, compared as text
 * @param minDuration the minimum duration of a matching span, or {@code null}
 * @param maxDuration the maximum duration of a matching span, or {@code null}
 * @param startMicros the earliest start of a matching span, in microseconds since the
 * epoch, or {@code null}
 * @param endMicros the latest start of a matching span, in microseconds since the epoch,
 * or {@code null}
 * @param limit the maximum number of traces to return
 * @param traceIds trace ids to return instead of searching, if not empty
 */
record TraceQuery(@Nullable String service, @Nullable String operation, Map<String, String> tags,
		@Nullable Duration minDuration, @Nullable Duration maxDuration, @Nullable Long startMicros,
		@Nullable Long endMicros, int limit, List<String> traceIds) {

	TraceQuery {
		tags = Map.copyOf(tags);
		traceIds = List.copyOf(traceIds);
	}

}
