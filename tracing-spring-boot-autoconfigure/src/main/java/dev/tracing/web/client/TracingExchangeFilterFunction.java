package dev.tracing.web.client;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * One CLIENT span per {@code WebClient} exchange (per subscription, so a retry is a span of its own), with the
 * trace context injected unless the host is excluded. Propagation-only ({@code tracing.http.client.spans=false}), it
 * injects the parent's context and makes no span.
 * <p>
 * The parent is the context that was current when the request was built (recorded in a request attribute by
 * {@link WebClientTracing}), else the one current at subscription. The span ends on the response, the error or
 * the cancellation, on whichever thread Reactor delivers it, without relying on thread-locals.
 */
public final class TracingExchangeFilterFunction implements ExchangeFilterFunction {

	static final String PARENT_ATTRIBUTE = TracingExchangeFilterFunction.class.getName() + ".PARENT";

	private static final TextMapSetter<ClientRequest.Builder> SETTER = (builder, key, value) -> {
		if (builder != null) {
			builder.headers((headers) -> headers.set(key, value));
		}
	};

	private final @Nullable ClientSpans spans;

	private final ClientPropagation propagation;

	TracingExchangeFilterFunction(ClientSpans spans) {
		this.spans = spans;
		this.propagation = spans.propagation();
	}

	TracingExchangeFilterFunction(ClientPropagation propagation) {
		this.spans = null;
		this.propagation = propagation;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		ClientSpans spans = this.spans;
		if (spans == null) {
			return Mono.defer(() -> next.exchange(propagate(request, parent(request))));
		}
		return Mono.defer(() -> {
			Context parent = parent(request);
			Span span = spans.start(parent, request.method().name(), request.url());
			return next.exchange(propagate(request, ClientSpans.context(parent, span)))
				.doOnNext((response) -> ClientSpans.response(span, response.statusCode().value()))
				.doOnError((error) -> ClientSpans.failure(span, error))
				.doFinally((signal) -> {
					if (signal == SignalType.CANCEL) {
						span.setAttribute("error.type", "cancelled");
					}
					span.end();
				});
		});
	}

	private ClientRequest propagate(ClientRequest request, Context context) {
		ClientRequest.Builder traced = ClientRequest.from(request);
		this.propagation.inject(context, request.url(), traced, SETTER);
		return traced.build();
	}

	private static Context parent(ClientRequest request) {
		Object built = request.attribute(PARENT_ATTRIBUTE).orElse(null);
		if (built instanceof Context context && Span.fromContext(context).getSpanContext().isValid()) {
			return context;
		}
		return Context.current();
	}

}
