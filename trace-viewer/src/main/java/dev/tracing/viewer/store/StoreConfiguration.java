package dev.tracing.viewer.store;

import java.util.List;

import dev.tracing.viewer.ViewerProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The trace store.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	@Bean
	TraceStore traceStore(ViewerProperties properties, ObjectProvider<SpanListener> listeners) {
		List<SpanListener> all = listeners.orderedStream().toList();
		return new TraceStore(properties.getMaxSpans(), properties.getNPlusOne().getThreshold(),
				(spans) -> all.forEach((listener) -> listener.spansAdded(spans)));
	}

}
