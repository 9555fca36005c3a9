package dev.tracing.autoconfigure.export;

import java.util.Locale;

import dev.tracing.autoconfigure.TracingProperties.Otlp;
import dev.tracing.autoconfigure.TracingProperties.OtlpCompression;
import org.jspecify.annotations.Nullable;

/**
 * OTLP endpoint rules of the OpenTelemetry specification: for http/protobuf a base endpoint gets the signal path
 * {@code /v1/traces} appended, for gRPC the endpoint is used as given.
 */
final class OtlpEndpoints {

	static final String DEFAULT_HTTP_ENDPOINT = "http://localhost:4318";

	static final String DEFAULT_GRPC_ENDPOINT = "http://localhost:4317";

	static final String TRACES_PATH = "/v1/traces";

	private OtlpEndpoints() {
	}

	/**
	 * The URL to post traces to: {@code traces-endpoint} as given, else {@code endpoint} with the signal path.
	 */
	static String httpUrl(Otlp otlp) {
		String traces = otlp.getTracesEndpoint();
		return (traces != null) ? traces.trim() : httpTracesEndpoint(otlp.getEndpoint());
	}

	static String grpcUrl(Otlp otlp) {
		String traces = otlp.getTracesEndpoint();
		return (traces != null) ? traces.trim() : grpcEndpoint(otlp.getEndpoint());
	}

	static String httpTracesEndpoint(@Nullable String endpoint) {
		String base = (endpoint != null) ? endpoint.trim() : DEFAULT_HTTP_ENDPOINT;
		int queryStart = indexOfQuery(base);
		String path = base.substring(0, queryStart);
		String query = base.substring(queryStart);
		if (path.endsWith(TRACES_PATH) || path.endsWith(TRACES_PATH + "/")) {
			return base;
		}
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return path + TRACES_PATH + query;
	}

	static String grpcEndpoint(@Nullable String endpoint) {
		return (endpoint != null) ? endpoint.trim() : DEFAULT_GRPC_ENDPOINT;
	}

	static String compression(OtlpCompression compression) {
		return compression.name().toLowerCase(Locale.ROOT);
	}

	private static int indexOfQuery(String url) {
		int index = url.indexOf('?');
		return (index >= 0) ? index : url.length();
	}

}
