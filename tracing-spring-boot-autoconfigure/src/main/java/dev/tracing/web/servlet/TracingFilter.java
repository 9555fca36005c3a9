package dev.tracing.web.servlet;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import dev.tracing.sampling.RatioSampler;
import dev.tracing.sampling.Untraced;
import dev.tracing.web.HttpSemantics;
import dev.tracing.web.QueryRedactor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.HandlerMapping;

/**
 * Makes one SERVER span per HTTP request, following OpenTelemetry's HTTP semantic conventions, and keeps it current
 * for the whole request.
 * <p>
 * A request whose path matches a skip pattern gets no span; it runs under the {@link Untraced} context instead, so
 * nothing it calls (a database ping, an outgoing request) is recorded either. Failures of the instrumentation itself are
 * logged and never reach the application.
 * <p>
 * A response to a sampled request carries a W3C Trace Context Level 2 {@code traceresponse} header
 * ({@code 00-<trace-id>-<server-span-id>-01}), so that a failing response leads to its trace; a skipped or unsampled
 * request gets none. With an untrusted incoming context the server span starts a new trace, and the header carries
 * that new trace's ids, never the caller's.
 * <p>
 * With the starter's {@link RatioSampler}, which never reads attributes, the request attributes are computed only for a
 * span that records (on the builder where that is known before it starts, else once it has started), so an unsampled
 * request costs little more than its span ids. Any other sampler gets them at start.
 * The same sampler drops every child of an unsampled parent, so a request that arrives with an unsampled trace context
 * gets no span: the caller's context is made current as it came, as the client instrumentation does for calls. And
 * with a ratio of 0 it drops every request that starts a trace, which then runs as {@link Untraced} work: a skipped or
 * unsampled request allocates nothing for its tracing.
 */
public final class TracingFilter implements Filter {

	static final String TRACE_RESPONSE_HEADER = "traceresponse";

	static final String SPAN_ATTRIBUTE = TracingFilter.class.getName() + ".CONTEXT";

	private static final String EXCEPTION_ATTRIBUTE = "org.springframework.web.servlet.DispatcherServlet.EXCEPTION";

	private static final Log logger = LogFactory.getLog(TracingFilter.class);

	private final Tracer tracer;

	private final TextMapPropagator propagator;

	private final SkipPatterns skipPatterns;

	private final boolean trustIncomingContext;

	private final QueryRedactor queryRedactor;

	private final boolean attributesAtStart;

	private final boolean rootsDropped;

	private final boolean rootsSampled;

	private final boolean traceResponse;

	private final ServerSpanNames spanNames = new ServerSpanNames();

	private final ClientAddress clientAddress;

	// A server's requests nearly all repeat their port and status code: boxed once, not per attribute.
	private final RepeatedLong serverPorts = new RepeatedLong();

	private final RepeatedLong statusCodes = new RepeatedLong();

	public TracingFilter(OpenTelemetry openTelemetry, SkipPatterns skipPatterns, boolean trustIncomingContext,
			QueryRedactor queryRedactor) {
		this(openTelemetry, skipPatterns, trustIncomingContext, queryRedactor, true);
	}

	/**
	 * @param traceResponse whether a response to a sampled request carries a W3C {@code traceresponse} header
	 */
	public TracingFilter(OpenTelemetry openTelemetry, SkipPatterns skipPatterns, boolean trustIncomingContext,
			QueryRedactor queryRedactor, boolean traceResponse) {
		this(openTelemetry, skipPatterns, trustIncomingContext, queryRedactor, traceResponse, false);
	}

	/**
	 * @param traceResponse whether a response to a sampled request carries a W3C {@code traceresponse} header
	 * @param forwardedHeadersTrusted whether {@code client.address} is read from {@code Forwarded} /
	 * {@code X-Forwarded-For} headers: only where the application trusts every such header, as Spring Boot's
	 * {@code server.forward-headers-strategy=framework} does
	 */
	public TracingFilter(OpenTelemetry openTelemetry, SkipPatterns skipPatterns, boolean trustIncomingContext,
			QueryRedactor queryRedactor, boolean traceResponse, boolean forwardedHeadersTrusted) {
		this.clientAddress = new ClientAddress(forwardedHeadersTrusted);
		this.traceResponse = traceResponse;
		this.tracer = openTelemetry.getTracer("dev.tracing.web.servlet");
		this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
		this.skipPatterns = skipPatterns;
		this.trustIncomingContext = trustIncomingContext;
		this.queryRedactor = queryRedactor;
		this.attributesAtStart = !RatioSampler.isInUse(openTelemetry);
		this.rootsDropped = RatioSampler.dropsEveryRoot(openTelemetry);
		this.rootsSampled = RatioSampler.samplesEveryRoot(openTelemetry);
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		if (!(servletRequest instanceof HttpServletRequest request)
				|| !(servletResponse instanceof HttpServletResponse response)) {
			chain.doFilter(servletRequest, servletResponse);
			return;
		}
		if (request.getDispatcherType() != DispatcherType.REQUEST) {
			continueUnderExistingSpan(request, response, chain);
			return;
		}
		if (this.skipPatterns.matches(pathWithinApplication(request))) {
			try (Scope ignored = Untraced.context().makeCurrent()) {
				chain.doFilter(request, response);
			}
			return;
		}
		Context context = startSpan(request);
		if (context == Untraced.context()) {
			try (Scope ignored = context.makeCurrent()) {
				chain.doFilter(request, response);
			}
			return;
		}
		Span span = Span.fromContext(context);
		if (this.traceResponse) {
			addTraceResponse(span.getSpanContext(), response);
		}
		try (Scope ignored = context.makeCurrent()) {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			request.setAttribute(SPAN_ATTRIBUTE, context);
			endSpan(span, request, response, ex);
			throw ex;
		}
		boolean asyncStarted = request.isAsyncStarted();
		// Read only by a later dispatch of this request (async, or an error page where the filter is registered for
		// it): Tomcat's setAttribute allocates a map entry and a copy of the listeners, so only such requests pay it.
		// Set before returning to the container, which defers any async dispatch until then.
		if (asyncStarted || response.getStatus() >= 400) {
			request.setAttribute(SPAN_ATTRIBUTE, context);
		}
		if (asyncStarted) {
			endWhenAsyncCompletes(span, request, response);
		}
		else {
			endSpan(span, request, response, null);
		}
	}

	// W3C Trace Context Level 2: version-traceid-childid-flags, the child being this server span. Set before the
	// application writes, so that it goes out with the headers. Only for sampled spans, whose trace can be found.
	private static void addTraceResponse(SpanContext spanContext, HttpServletResponse response) {
		if (spanContext.isSampled() && !response.isCommitted()) {
			response.setHeader(TRACE_RESPONSE_HEADER, "00-" + spanContext.getTraceId() + "-" + spanContext.getSpanId()
					+ "-" + spanContext.getTraceFlags().asHex());
		}
	}

	private void continueUnderExistingSpan(HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws IOException, ServletException {
		if (request.getAttribute(SPAN_ATTRIBUTE) instanceof Context context) {
			try (Scope ignored = context.makeCurrent()) {
				chain.doFilter(request, response);
			}
		}
		else {
			chain.doFilter(request, response);
		}
	}

	// The span in the incoming context, so that the caller's baggage is current too (unless the edge is untrusted).
	// With the starter's sampler, no span where it would be dropped whatever it is: under an unsampled caller (its
	// context goes on, as it came) and, at ratio 0, for a request that starts a trace (it runs untraced).
	private Context startSpan(HttpServletRequest request) {
		try {
			Context incoming = this.propagator.extract(Context.root(), request, RequestHeaders.INSTANCE);
			// With the starter's sampler, the attributes go on the builder where the span is known to record (a
			// sampled parent's child, every root at ratio 1): the span then takes them without a lock each.
			boolean attributesOnBuilder = this.attributesAtStart;
			if (!this.attributesAtStart) {
				SpanContext remote = Span.fromContext(incoming).getSpanContext();
				if (!this.trustIncomingContext || !remote.isValid()) {
					if (this.rootsDropped) {
						return Untraced.context();
					}
					attributesOnBuilder = this.rootsSampled;
				}
				else if (!remote.isSampled()) {
					return incoming;
				}
				else {
					attributesOnBuilder = true;
				}
			}
			String method = request.getMethod();
			SpanBuilder builder = this.tracer.spanBuilder(HttpSemantics.spanNameMethod(method))
				.setSpanKind(SpanKind.SERVER);
			if (this.trustIncomingContext) {
				builder.setParent(incoming);
			}
			else {
				builder.setNoParent();
				SpanContext remote = Span.fromContext(incoming).getSpanContext();
				if (remote.isValid()) {
					builder.addLink(remote);
				}
			}
			if (attributesOnBuilder) {
				requestAttributes(request, method, builder, null);
			}
			Span span = builder.startSpan();
			if (!attributesOnBuilder && span.isRecording()) {
				requestAttributes(request, method, null, span);
			}
			return (this.trustIncomingContext ? incoming : Context.root()).with(span);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not start a server span; serving the request untraced", ex);
			return Context.root();
		}
	}

	// On the builder when the sampler may read them, else on the span, and only once it is known to record.
	private void requestAttributes(HttpServletRequest request, String method, @Nullable SpanBuilder builder,
			@Nullable Span span) {
		String normalizedMethod = HttpSemantics.method(method);
		HttpSemantics.set(builder, span, HttpAttributes.HTTP_REQUEST_METHOD, normalizedMethod);
		if (!normalizedMethod.equals(method)) {
			HttpSemantics.set(builder, span, HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL, method);
		}
		HttpSemantics.set(builder, span, UrlAttributes.URL_PATH, request.getRequestURI());
		HttpSemantics.set(builder, span, UrlAttributes.URL_SCHEME, request.getScheme());
		String query = this.queryRedactor.redact(request.getQueryString());
		if (query != null) {
			HttpSemantics.set(builder, span, UrlAttributes.URL_QUERY, query);
		}
		HttpSemantics.set(builder, span, ServerAttributes.SERVER_ADDRESS, request.getServerName());
		HttpSemantics.set(builder, span, ServerAttributes.SERVER_PORT, this.serverPorts.box(request.getServerPort()));
		String peer = request.getRemoteAddr();
		String client = this.clientAddress.of(request);
		HttpSemantics.set(builder, span, ClientAttributes.CLIENT_ADDRESS, client);
		// The connection's peer is recorded apart only where it is not the client (a proxy in between)
		if (!client.equals(peer)) {
			HttpSemantics.set(builder, span, NetworkAttributes.NETWORK_PEER_ADDRESS, peer);
		}
		String userAgent = request.getHeader("User-Agent");
		if (userAgent != null) {
			HttpSemantics.set(builder, span, UserAgentAttributes.USER_AGENT_ORIGINAL, userAgent);
		}
		String protocolVersion = HttpSemantics.protocolVersion(request.getProtocol());
		if (protocolVersion != null) {
			HttpSemantics.set(builder, span, NetworkAttributes.NETWORK_PROTOCOL_VERSION, protocolVersion);
		}
	}

	private void endWhenAsyncCompletes(Span span, HttpServletRequest request, HttpServletResponse response) {
		request.getAsyncContext().addListener(new AsyncListener() {

			@Override
			public void onComplete(AsyncEvent event) {
				endSpan(span, request, response, null);
			}

			@Override
			public void onTimeout(AsyncEvent event) {
				span.setAttribute(ErrorAttributes.ERROR_TYPE, "timeout");
			}

			@Override
			public void onError(AsyncEvent event) {
				if (event.getThrowable() != null) {
					span.recordException(event.getThrowable());
					span.setAttribute(ErrorAttributes.ERROR_TYPE, event.getThrowable().getClass().getName());
				}
			}

			@Override
			public void onStartAsync(AsyncEvent event) {
				event.getAsyncContext().addListener(this);
			}

		});
	}

	private void endSpan(Span span, HttpServletRequest request, HttpServletResponse response,
			@Nullable Throwable escaped) {
		if (!span.isRecording()) {
			span.end();
			return;
		}
		try {
			String method = request.getMethod();
			Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
			if (pattern instanceof String route && !route.isEmpty()) {
				span.setAttribute(HttpAttributes.HTTP_ROUTE, route);
				span.updateName(this.spanNames.name(method, route));
			}
			// An escaping exception becomes a 500 only after it leaves the filter chain.
			int status = (escaped != null) ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus();
			span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, this.statusCodes.box(status));
			Throwable failure = (escaped != null) ? unwrap(escaped) : handledException(request, status);
			if (failure != null) {
				span.recordException(failure);
				span.setAttribute(ErrorAttributes.ERROR_TYPE, failure.getClass().getName());
				span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
			}
			else if (status >= 500) {
				span.setAttribute(ErrorAttributes.ERROR_TYPE, Integer.toString(status));
				span.setStatus(StatusCode.ERROR);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not complete the server span", ex);
		}
		finally {
			span.end();
		}
	}

	/**
	 * The boxed value of an earlier call, reused while the value repeats (a {@code Long} above 127 is a new object per
	 * boxing otherwise). Written only when the value changes: the filter is shared by every request thread, and a
	 * race only boxes once more.
	 */
	private static final class RepeatedLong {

		private @Nullable Long last;

		Long box(int value) {
			Long last = this.last;
			if (last != null && last.longValue() == value) {
				return last;
			}
			Long boxed = Long.valueOf(value);
			this.last = boxed;
			return boxed;
		}

	}

	// An exception that Spring MVC resolved into a 5xx response still explains the error.
	private static @Nullable Throwable handledException(HttpServletRequest request, int status) {
		if (status < 500) {
			return null;
		}
		Object exception = request.getAttribute(EXCEPTION_ATTRIBUTE);
		if (exception == null) {
			exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		}
		return (exception instanceof Throwable throwable) ? throwable : null;
	}

	// The DispatcherServlet wraps what a handler threw; the span records the handler's own exception.
	private static Throwable unwrap(Throwable escaped) {
		if (escaped instanceof ServletException servletException && servletException.getRootCause() != null) {
			return servletException.getRootCause();
		}
		return escaped;
	}

	private static String pathWithinApplication(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		return (!contextPath.isEmpty() && uri.startsWith(contextPath)) ? uri.substring(contextPath.length()) : uri;
	}

	/**
	 * Request headers as the propagators see them, with the limits of the W3C specifications enforced before any
	 * parsing: a duplicated {@code traceparent} is ignored (a fresh trace starts), and a {@code baggage} header over
	 * 8,192 bytes or 64 members is dropped whole, so a hostile caller cannot make each request allocate without
	 * bound.
	 */
	enum RequestHeaders implements TextMapGetter<HttpServletRequest> {

		INSTANCE;

		static final int MAX_BAGGAGE_LENGTH = 8192;

		static final int MAX_BAGGAGE_MEMBERS = 64;

		@Override
		public Iterable<String> keys(HttpServletRequest request) {
			Enumeration<String> names = request.getHeaderNames();
			return (names != null) ? Collections.list(names) : Collections.emptyList();
		}

		@Override
		public @Nullable String get(@Nullable HttpServletRequest request, String key) {
			if (request == null) {
				return null;
			}
			String value = request.getHeader(key);
			if (value == null) {
				return null;
			}
			if (key.equalsIgnoreCase("traceparent")) {
				Enumeration<String> all = request.getHeaders(key);
				all.nextElement();
				return all.hasMoreElements() ? null : value;
			}
			if (key.equalsIgnoreCase("baggage") && !withinBaggageLimits(value)) {
				return null;
			}
			return value;
		}

		private static boolean withinBaggageLimits(String value) {
			if (value.length() > MAX_BAGGAGE_LENGTH) {
				return false;
			}
			int members = 1;
			for (int i = 0; i < value.length(); i++) {
				if (value.charAt(i) == ',' && ++members > MAX_BAGGAGE_MEMBERS) {
					return false;
				}
			}
			return true;
		}

	}

}
