package dev.tracing.viewer.query;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.tracing.viewer.store.Operation;
import dev.tracing.viewer.store.TraceSnapshot;
import dev.tracing.viewer.store.TraceStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Jaeger's HTTP query API, the part its UI, scripts and Grafana's Jaeger data source
 * use.
 */
@RestController
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
class JaegerQueryController {

	private final TraceStore store;

	private final TraceQueryParser queryParser;

	private final JaegerTraceMapper mapper = new JaegerTraceMapper();

	JaegerQueryController(TraceStore store, JsonMapper jsonMapper) {
		this.store = store;
		this.queryParser = new TraceQueryParser(jsonMapper, Clock.systemUTC());
	}

	@GetMapping("/services")
	JaegerJson.Response<List<String>> services() {
		List<String> services = this.store.services();
		return JaegerJson.Response.of(services, services.size());
	}

	@GetMapping("/services/{service}/operations")
	JaegerJson.Response<List<String>> operationNames(@PathVariable String service) {
		List<String> names = this.store.operations(service).stream().map(Operation::name).distinct().toList();
		return JaegerJson.Response.of(names, names.size());
	}

	@GetMapping("/operations")
	JaegerJson.Response<List<JaegerJson.Operation>> operations(@RequestParam String service,
			@RequestParam(required = false) String spanKind) {
		List<JaegerJson.Operation> operations = this.store.operations(service)
			.stream()
			.map((operation) -> new JaegerJson.Operation(operation.name(),
					operation.kind().name().toLowerCase(Locale.ROOT)))
			.filter((operation) -> spanKind == null || spanKind.isEmpty() || operation.spanKind().equals(spanKind))
			.toList();
		return JaegerJson.Response.of(operations, operations.size());
	}

	@GetMapping("/traces")
	JaegerJson.Response<List<JaegerJson.Trace>> traces(@RequestParam MultiValueMap<String, String> parameters) {
		TraceQuery query = this.queryParser.parse(parameters);
		List<TraceSnapshot> found;
		if (!query.traceIds().isEmpty()) {
			found = new ArrayList<>();
			query.traceIds().forEach((traceId) -> this.store.find(traceId).ifPresent(found::add));
		}
		else {
			found = this.store.search(new SpanMatcher(query), query.limit());
		}
		List<JaegerJson.Trace> traces = found.stream().map(this.mapper::map).toList();
		return JaegerJson.Response.of(traces, traces.size());
	}

	@GetMapping("/traces/{traceId}")
	ResponseEntity<JaegerJson.Response<?>> trace(@PathVariable String traceId) {
		String id = TraceIds.normalize("traceId", traceId);
		return this.store.find(id)
			.<ResponseEntity<JaegerJson.Response<?>>>map(
					(trace) -> ResponseEntity.ok(JaegerJson.Response.of(List.of(this.mapper.map(trace)), 1)))
			.orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(JaegerJson.Response.error(404, "trace not found: " + id)));
	}

	@ExceptionHandler
	ResponseEntity<JaegerJson.Response<Object>> invalidQuery(InvalidQueryException ex) {
		return ResponseEntity.badRequest()
			.contentType(MediaType.APPLICATION_JSON)
			.body(JaegerJson.Response.error(400, ex.getMessage()));
	}

}
