package dev.tracing.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tracing.propagation.HostExclusion;
import dev.tracing.web.servlet.SkipPatterns;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the tracing starter, bound from {@code tracing.*}.
 * <p>
 * Validates itself: Spring Boot applies a {@link Validator} implemented by the properties object while binding,
 * so a bad value stops start-up with a failure analysis naming the property, the value and what is allowed.
 */
@ConfigurationProperties("tracing")
public class TracingProperties implements Validator {

	/**
	 * Whether tracing is enabled. When disabled, no tracing beans are created and nothing is exported.
	 */
	private boolean enabled = true;

	/**
	 * Logical name of the service, exported as the 'service.name' resource attribute. Falls back to
	 * OTEL_SERVICE_NAME, then to 'spring.application.name'.
	 */
	private @Nullable String serviceName;

	/**
	 * Version of the service, exported as 'service.version'. Falls back to the build info, then to the
	 * Implementation-Version of the application's jar manifest.
	 */
	private @Nullable String serviceVersion;

	/**
	 * Deployment environment, exported as 'deployment.environment.name'. Falls back to the active profiles, then
	 * to 'development'.
	 */
	private @Nullable String environment;

	private final Resource resource = new Resource();

	private final Sampling sampling = new Sampling();

	private final Export export = new Export();

	private final Propagation propagation = new Propagation();

	private final Http http = new Http();

	private final Logging logging = new Logging();

	private final Redaction redaction = new Redaction();

	private final Jdbc jdbc = new Jdbc();

	private final SpanLimits spanLimits = new SpanLimits();

	private final Redis redis = new Redis();

	private final Messaging messaging = new Messaging();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

	public @Nullable String getServiceVersion() {
		return this.serviceVersion;
	}

	public void setServiceVersion(@Nullable String serviceVersion) {
		this.serviceVersion = serviceVersion;
	}

	public @Nullable String getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(@Nullable String environment) {
		this.environment = environment;
	}

	public Resource getResource() {
		return this.resource;
	}

	public Sampling getSampling() {
		return this.sampling;
	}

	public Export getExport() {
		return this.export;
	}

	public Propagation getPropagation() {
		return this.propagation;
	}

	public Http getHttp() {
		return this.http;
	}

	public Logging getLogging() {
		return this.logging;
	}

	public Redaction getRedaction() {
		return this.redaction;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	public SpanLimits getSpanLimits() {
		return this.spanLimits;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Messaging getMessaging() {
		return this.messaging;
	}

	@Override
	public boolean supports(Class<?> clazz) {
		return TracingProperties.class.isAssignableFrom(clazz);
	}

	@Override
	public void validate(Object target, Errors errors) {
		TracingProperties properties = (TracingProperties) target;
		double ratio = properties.getSampling().getRatio();
		if (!(ratio >= 0.0 && ratio <= 1.0)) {
			errors.rejectValue("sampling.ratio", "range", "must be between 0.0 and 1.0 (the fraction of new traces"
					+ " to sample: 1.0 samples all, 0.1 samples one in ten)");
		}
		Batch batch = properties.getExport().getBatch();
		if (batch.getMaxQueueSize() <= 0) {
			errors.rejectValue("export.batch.max-queue-size", "positive", "must be greater than 0");
		}
		if (batch.getMaxBatchSize() <= 0) {
			errors.rejectValue("export.batch.max-batch-size", "positive", "must be greater than 0");
		}
		else if (batch.getMaxQueueSize() > 0 && batch.getMaxBatchSize() > batch.getMaxQueueSize()) {
			errors.rejectValue("export.batch.max-batch-size", "range",
					"must not be greater than tracing.export.batch.max-queue-size (" + batch.getMaxQueueSize() + ")");
		}
		rejectIfNotPositive(errors, "export.batch.schedule-delay", batch.getScheduleDelay());
		rejectIfNotPositive(errors, "export.batch.export-timeout", batch.getExportTimeout());
		Otlp otlp = properties.getExport().getOtlp();
		rejectIfNotPositive(errors, "export.otlp.timeout", otlp.getTimeout());
		for (String pattern : properties.getHttp().getServer().getSkipPatterns()) {
			String problem = SkipPatterns.problem(pattern);
			if (problem != null) {
				errors.rejectValue("http.server.skip-patterns", "path", problem);
			}
		}
		for (String host : properties.getPropagation().getExcludeHosts()) {
			String problem = HostExclusion.problem(host);
			if (problem != null) {
				errors.rejectValue("propagation.exclude-hosts", "host", problem);
			}
		}
		for (String pattern : properties.getRedaction().getPatterns()) {
			try {
				java.util.regex.Pattern.compile(pattern);
			}
			catch (RuntimeException ex) {
				errors.rejectValue("redaction.patterns", "regex",
						"each entry must be a Java regular expression; '" + pattern + "' is not: "
								+ String.valueOf(ex.getMessage()).lines().findFirst().orElse(""));
			}
		}
		for (String destination : properties.getMessaging().getSkipDestinations()) {
			if (destination == null || destination.isBlank()) {
				errors.rejectValue("messaging.skip-destinations", "blank",
						"each entry must be a topic, exchange or queue name, '*' matching any characters");
			}
		}
		String endpoint = otlp.getEndpoint();
		if (endpoint != null && !isHttpUrl(endpoint)) {
			errors.rejectValue("export.otlp.endpoint", "url",
					"must be an absolute http:// or https:// URL with a host, such as http://localhost:4318");
		}
		String tracesEndpoint = otlp.getTracesEndpoint();
		if (tracesEndpoint != null && !isHttpUrl(tracesEndpoint)) {
			errors.rejectValue("export.otlp.traces-endpoint", "url",
					"must be an absolute http:// or https:// URL with a host, such as http://localhost:4318/v1/traces");
		}
		SpanLimits limits = properties.getSpanLimits();
		rejectIfNegative(errors, "span-limits.max-attributes", limits.getMaxAttributes());
		rejectIfNegative(errors, "span-limits.max-events", limits.getMaxEvents());
		rejectIfNegative(errors, "span-limits.max-links", limits.getMaxLinks());
		rejectIfNegative(errors, "span-limits.max-attributes-per-event", limits.getMaxAttributesPerEvent());
		rejectIfNegative(errors, "span-limits.max-attributes-per-link", limits.getMaxAttributesPerLink());
		Integer valueLength = limits.getMaxAttributeValueLength();
		if (valueLength != null) {
			rejectIfNegative(errors, "span-limits.max-attribute-value-length", valueLength);
		}
	}

	private static void rejectIfNegative(Errors errors, String field, int value) {
		if (value < 0) {
			errors.rejectValue(field, "range", "must not be negative");
		}
	}

	private static void rejectIfNotPositive(Errors errors, String field, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			errors.rejectValue(field, "positive", "must be a positive duration, such as 500ms or 10s");
		}
	}

	static boolean isHttpUrl(String value) {
		try {
			URI uri = new URI(value);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	public static class Resource {

		/**
		 * Additional resource attributes added to every exported span, such as 'team' or 'cluster'. Win over
		 * OTEL_RESOURCE_ATTRIBUTES.
		 */
		private Map<String, String> attributes = new LinkedHashMap<>();

		private final Detectors detectors = new Detectors();

		public Map<String, String> getAttributes() {
			return this.attributes;
		}

		public void setAttributes(Map<String, String> attributes) {
			this.attributes = attributes;
		}

		public Detectors getDetectors() {
			return this.detectors;
		}

	}

	public static class Detectors {

		/**
		 * Whether to add 'k8s.pod.name', 'k8s.pod.uid', 'k8s.namespace.name' and 'k8s.node.name' from the
		 * Downward-API environment variables K8S_POD_NAME, K8S_POD_UID, K8S_NAMESPACE_NAME and K8S_NODE_NAME (or
		 * those the OpenTelemetry Operator sets), and the namespace from the service account's mounted files.
		 */
		private boolean kubernetes = true;

		/**
		 * Whether to add 'container.id', read from /proc/self/cgroup or /proc/self/mountinfo.
		 */
		private boolean container = true;

		/**
		 * Whether to add 'host.name' and 'host.arch'.
		 */
		private boolean host = true;

		/**
		 * Whether to add 'os.type' and 'os.description'.
		 */
		private boolean os = true;

		/**
		 * Whether to add 'process.pid' and 'process.runtime.name', '.version' and '.description'.
		 */
		private boolean process = true;

		public boolean isKubernetes() {
			return this.kubernetes;
		}

		public void setKubernetes(boolean kubernetes) {
			this.kubernetes = kubernetes;
		}

		public boolean isContainer() {
			return this.container;
		}

		public void setContainer(boolean container) {
			this.container = container;
		}

		public boolean isHost() {
			return this.host;
		}

		public void setHost(boolean host) {
			this.host = host;
		}

		public boolean isOs() {
			return this.os;
		}

		public void setOs(boolean os) {
			this.os = os;
		}

		public boolean isProcess() {
			return this.process;
		}

		public void setProcess(boolean process) {
			this.process = process;
		}

	}

	public static class Sampling {

		/**
		 * Fraction of new traces to sample, from 0.0 to 1.0. A span with a remote parent follows the parent's
		 * sampling decision.
		 */
		private double ratio = 1.0;

		/**
		 * Whether a span with a parent follows its parent's sampling decision, and only root spans are sampled by
		 * ratio. When false, every span is sampled by its trace id (OpenTelemetry's 'traceidratio').
		 */
		private boolean parentBased = true;

		public double getRatio() {
			return this.ratio;
		}

		public void setRatio(double ratio) {
			this.ratio = ratio;
		}

		public boolean isParentBased() {
			return this.parentBased;
		}

		public void setParentBased(boolean parentBased) {
			this.parentBased = parentBased;
		}

	}

	public static class Export {

		/**
		 * Where finished spans go.
		 */
		private ExporterType type = ExporterType.OTLP;

		private final Batch batch = new Batch();

		private final Otlp otlp = new Otlp();

		public ExporterType getType() {
			return this.type;
		}

		public void setType(ExporterType type) {
			this.type = type;
		}

		public Batch getBatch() {
			return this.batch;
		}

		public Otlp getOtlp() {
			return this.otlp;
		}

	}

	public enum ExporterType {

		/**
		 * Export over OTLP to a Collector or a tracing backend.
		 */
		OTLP("otlp"),

		/**
		 * Log one readable line per finished span, for local work.
		 */
		LOGGING("logging"),

		/**
		 * Record spans (for context propagation and log correlation) but export nothing.
		 */
		NONE("none");

		private final String value;

		ExporterType(String value) {
			this.value = value;
		}

		/**
		 * The value as written in configuration.
		 */
		@Override
		public String toString() {
			return this.value;
		}

	}

	public static class Batch {

		/**
		 * Maximum number of finished spans waiting for export. Spans ending while the queue is full are dropped,
		 * so the application never blocks on a slow collector.
		 */
		private int maxQueueSize = 2048;

		/**
		 * Maximum number of spans sent in one export request.
		 */
		private int maxBatchSize = 512;

		/**
		 * Delay between two consecutive exports.
		 */
		private Duration scheduleDelay = Duration.ofSeconds(5);

		/**
		 * Maximum time an export may take before it is abandoned.
		 */
		private Duration exportTimeout = Duration.ofSeconds(30);

		public int getMaxQueueSize() {
			return this.maxQueueSize;
		}

		public void setMaxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
		}

		public int getMaxBatchSize() {
			return this.maxBatchSize;
		}

		public void setMaxBatchSize(int maxBatchSize) {
			this.maxBatchSize = maxBatchSize;
		}

		public Duration getScheduleDelay() {
			return this.scheduleDelay;
		}

		public void setScheduleDelay(Duration scheduleDelay) {
			this.scheduleDelay = scheduleDelay;
		}

		public Duration getExportTimeout() {
			return this.exportTimeout;
		}

		public void setExportTimeout(Duration exportTimeout) {
			this.exportTimeout = exportTimeout;
		}

	}

	public static class Otlp {

		/**
		 * Endpoint of the OTLP receiver. Defaults to http://localhost:4318 for http/protobuf (where '/v1/traces'
		 * is appended unless already present) and http://localhost:4317 for grpc.
		 */
		private @Nullable String endpoint;

		/**
		 * Full URL of the traces endpoint, used as given (no path is appended). Wins over 'endpoint'.
		 */
		private @Nullable String tracesEndpoint;

		/**
		 * Transport protocol: 'http/protobuf' or 'grpc'.
		 */
		private OtlpProtocol protocol = OtlpProtocol.HTTP_PROTOBUF;

		/**
		 * Headers sent with every export request, such as API keys of hosted backends.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Compression of export requests.
		 */
		private OtlpCompression compression = OtlpCompression.NONE;

		/**
		 * Maximum time to wait for the receiver to process one export request.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		private final Ssl ssl = new Ssl();

		public @Nullable String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
		}

		public @Nullable String getTracesEndpoint() {
			return this.tracesEndpoint;
		}

		public void setTracesEndpoint(@Nullable String tracesEndpoint) {
			this.tracesEndpoint = tracesEndpoint;
		}

		public OtlpProtocol getProtocol() {
			return this.protocol;
		}

		public void setProtocol(OtlpProtocol protocol) {
			this.protocol = protocol;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public OtlpCompression getCompression() {
			return this.compression;
		}

		public void setCompression(OtlpCompression compression) {
			this.compression = compression;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

	}

	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) used to trust the receiver and, with a key store, to
		 * authenticate to it.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	public enum OtlpProtocol {

		/**
		 * Protobuf over HTTP, port 4318 by convention.
		 */
		HTTP_PROTOBUF("http/protobuf"),

		/**
		 * gRPC, port 4317 by convention.
		 */
		GRPC("grpc");

		private final String value;

		OtlpProtocol(String value) {
			this.value = value;
		}

		/**
		 * The value as written in configuration.
		 */
		@Override
		public String toString() {
			return this.value;
		}

	}

	public enum OtlpCompression {

		/**
		 * No compression.
		 */
		NONE("none"),

		/**
		 * Gzip compression.
		 */
		GZIP("gzip");

		private final String value;

		OtlpCompression(String value) {
			this.value = value;
		}

		/**
		 * The value as written in configuration.
		 */
		@Override
		public String toString() {
			return this.value;
		}

	}

	public static class Propagation {

		/**
		 * Context propagation formats, injected and extracted in this order.
		 */
		private List<PropagationType> types = new ArrayList<>(List.of(PropagationType.TRACECONTEXT,
				PropagationType.BAGGAGE));

		/**
		 * Hosts that never receive trace context or baggage, such as third-party APIs: 'api.stripe.com', or
		 * '*.stripe.com' for every sub-domain. Calls to them are still recorded as client spans.
		 */
		private List<String> excludeHosts = new ArrayList<>();

		public List<PropagationType> getTypes() {
			return this.types;
		}

		public void setTypes(List<PropagationType> types) {
			this.types = types;
		}

		public List<String> getExcludeHosts() {
			return this.excludeHosts;
		}

		public void setExcludeHosts(List<String> excludeHosts) {
			this.excludeHosts = excludeHosts;
		}

	}

	public static class Http {

		/**
		 * Query parameters whose values are recorded as they are in 'url.query' and 'url.full'. The values of all
		 * other parameters are replaced by 'REDACTED'.
		 */
		private List<String> queryAllowlist = new ArrayList<>();

		private final Server server = new Server();

		private final Client client = new Client();

		public List<String> getQueryAllowlist() {
			return this.queryAllowlist;
		}

		public void setQueryAllowlist(List<String> queryAllowlist) {
			this.queryAllowlist = queryAllowlist;
		}

		public Server getServer() {
			return this.server;
		}

		public Client getClient() {
			return this.client;
		}

	}

	public static class Server {

		/**
		 * Whether to make a server span for each incoming HTTP request.
		 */
		private boolean enabled = true;

		/**
		 * Ant-style paths of requests that get no span, such as health checks. Nothing such a request calls is
		 * exported either.
		 */
		private List<String> skipPatterns = new ArrayList<>(
				List.of("/actuator/**", "/health/**", "/health/live", "/health/ready", "/favicon.ico"));

		/**
		 * Whether an incoming 'traceparent' becomes the parent of the server span. Disable at untrusted edges: each
		 * request then starts a new trace, linked to the caller's context.
		 */
		private boolean trustIncomingContext = true;

		/**
		 * Whether responses to sampled requests carry a W3C 'traceresponse' header with the trace id and the server
		 * span's id, so that a failing response leads to its trace.
		 */
		private boolean traceResponse = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getSkipPatterns() {
			return this.skipPatterns;
		}

		public void setSkipPatterns(List<String> skipPatterns) {
			this.skipPatterns = skipPatterns;
		}

		public boolean isTrustIncomingContext() {
			return this.trustIncomingContext;
		}

		public void setTrustIncomingContext(boolean trustIncomingContext) {
			this.trustIncomingContext = trustIncomingContext;
		}

		public boolean isTraceResponse() {
			return this.traceResponse;
		}

		public void setTraceResponse(boolean traceResponse) {
			this.traceResponse = traceResponse;
		}

	}

	public static class Client {

		/**
		 * Whether to instrument RestTemplate, RestClient and WebClient built from Spring Boot's builders: trace
		 * context in the request headers and, unless 'spans' is disabled, a client span for each call.
		 */
		private boolean enabled = true;

		/**
		 * Whether each call gets a client span. When disabled, calls only carry the current trace context, so the
		 * callee's server span is a child of the caller's span: the trace stays connected, without the timing of
		 * each call and at a lower cost per call.
		 */
		private boolean spans = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isSpans() {
			return this.spans;
		}

		public void setSpans(boolean spans) {
			this.spans = spans;
		}

	}

	public static class Redaction {

		/**
		 * Whether to mask secrets in every exported span. Attributes whose keys name a secret (password, passwd,
		 * secret, token, api-key, authorization, cookie, set-cookie, card numbers, cvv) are masked whole; card
		 * numbers that pass the Luhn check, bearer tokens and JWTs are masked wherever they occur, span names
		 * included.
		 */
		private boolean enabled = true;

		/**
		 * Additional attribute key fragments whose values are always masked, matched ignoring case and the
		 * separators '-', '_' and '.'.
		 */
		private List<String> keys = new ArrayList<>();

		/**
		 * Additional regular expressions masked wherever they match in exported text.
		 */
		private List<String> patterns = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getKeys() {
			return this.keys;
		}

		public void setKeys(List<String> keys) {
			this.keys = keys;
		}

		public List<String> getPatterns() {
			return this.patterns;
		}

		public void setPatterns(List<String> patterns) {
			this.patterns = patterns;
		}

	}

	public static class Logging {

		private final Mdc mdc = new Mdc();

		public Mdc getMdc() {
			return this.mdc;
		}

	}

	public static class Mdc {

		/**
		 * MDC key of the current trace id. Spring Boot's default log pattern shows it.
		 */
		private String traceIdKey = "traceId";

		/**
		 * MDC key of the current span id. Spring Boot's default log pattern shows it.
		 */
		private String spanIdKey = "spanId";

		public String getTraceIdKey() {
			return this.traceIdKey;
		}

		public void setTraceIdKey(String traceIdKey) {
			this.traceIdKey = traceIdKey;
		}

		public String getSpanIdKey() {
			return this.spanIdKey;
		}

		public void setSpanIdKey(String spanIdKey) {
			this.spanIdKey = spanIdKey;
		}

	}

	public enum PropagationType {

		/**
		 * W3C Trace Context ('traceparent' and 'tracestate' headers).
		 */
		TRACECONTEXT("tracecontext"),

		/**
		 * W3C Baggage ('baggage' header).
		 */
		BAGGAGE("baggage"),

		/**
		 * Zipkin B3, single 'b3' header.
		 */
		B3("b3"),

		/**
		 * Zipkin B3, multiple 'X-B3-*' headers.
		 */
		B3MULTI("b3multi"),

		/**
		 * Jaeger 'uber-trace-id' header.
		 */
		JAEGER("jaeger");

		private final String value;

		PropagationType(String value) {
			this.value = value;
		}

		/**
		 * The value as written in configuration.
		 */
		@Override
		public String toString() {
			return this.value;
		}

	}

	public static class Jdbc {

		/**
		 * Whether to make a client span for each statement run through a DataSource bean.
		 */
		private boolean enabled = true;

		private final SqlCommenter sqlCommenter = new SqlCommenter();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public SqlCommenter getSqlCommenter() {
			return this.sqlCommenter;
		}

		public static class SqlCommenter {

			/**
			 * Whether to append the trace context to each statement as a SQL comment in the sqlcommenter format
			 * (traceparent='00-...-01'), so that database logs and slow-query logs lead to the trace. Makes each
			 * statement's text unique, which defeats caches keyed by statement text.
			 */
			private boolean enabled;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	public static class SpanLimits {

		/**
		 * Maximum number of attributes per span; more are dropped.
		 */
		private int maxAttributes = 128;

		/**
		 * Maximum length of a string attribute value; longer values are truncated. Unlimited when not set.
		 */
		private @Nullable Integer maxAttributeValueLength;

		/**
		 * Maximum number of events per span.
		 */
		private int maxEvents = 128;

		/**
		 * Maximum number of links per span.
		 */
		private int maxLinks = 128;

		/**
		 * Maximum number of attributes per span event.
		 */
		private int maxAttributesPerEvent = 128;

		/**
		 * Maximum number of attributes per span link.
		 */
		private int maxAttributesPerLink = 128;

		public int getMaxAttributes() {
			return this.maxAttributes;
		}

		public void setMaxAttributes(int maxAttributes) {
			this.maxAttributes = maxAttributes;
		}

		public @Nullable Integer getMaxAttributeValueLength() {
			return this.maxAttributeValueLength;
		}

		public void setMaxAttributeValueLength(@Nullable Integer maxAttributeValueLength) {
			this.maxAttributeValueLength = maxAttributeValueLength;
		}

		public int getMaxEvents() {
			return this.maxEvents;
		}

		public void setMaxEvents(int maxEvents) {
			this.maxEvents = maxEvents;
		}

		public int getMaxLinks() {
			return this.maxLinks;
		}

		public void setMaxLinks(int maxLinks) {
			this.maxLinks = maxLinks;
		}

		public int getMaxAttributesPerEvent() {
			return this.maxAttributesPerEvent;
		}

		public void setMaxAttributesPerEvent(int maxAttributesPerEvent) {
			this.maxAttributesPerEvent = maxAttributesPerEvent;
		}

		public int getMaxAttributesPerLink() {
			return this.maxAttributesPerLink;
		}

		public void setMaxAttributesPerLink(int maxAttributesPerLink) {
			this.maxAttributesPerLink = maxAttributesPerLink;
		}

	}

	public static class Redis {

		/**
		 * Whether to make a client span for each Redis command sent through the Lettuce client Spring Boot
		 * configures.
		 */
		private boolean enabled = true;

		/**
		 * Whether 'db.query.text' holds the command's arguments (keys and values) after its name. Off, only the
		 * command's name is exported. On, the redaction rules apply to the arguments like to any exported text.
		 */
		private boolean includeArguments;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isIncludeArguments() {
			return this.includeArguments;
		}

		public void setIncludeArguments(boolean includeArguments) {
			this.includeArguments = includeArguments;
		}

	}

	public static class Messaging {

		/**
		 * Topics, exchanges and queues that get no spans, by name, '*' matching any characters. The brokers'
		 * internal ones ('__*' topics, 'amq.*' exchanges) never do.
		 */
		private List<String> skipDestinations = new ArrayList<>();

		private final Kafka kafka = new Kafka();

		private final Rabbit rabbit = new Rabbit();

		public List<String> getSkipDestinations() {
			return this.skipDestinations;
		}

		public void setSkipDestinations(List<String> skipDestinations) {
			this.skipDestinations = skipDestinations;
		}

		public Kafka getKafka() {
			return this.kafka;
		}

		public Rabbit getRabbit() {
			return this.rabbit;
		}

		public static class Kafka {

			/**
			 * Whether records sent through Spring Kafka's producer factories get PRODUCER spans and records processed
			 * by listener containers get CONSUMER spans, the trace context carried in record headers.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

		public static class Rabbit {

			/**
			 * Whether messages sent through RabbitTemplate get PRODUCER spans and messages processed by listener
			 * containers get CONSUMER spans, the trace context carried in message headers.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

}
