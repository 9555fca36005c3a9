package dev.tracing.viewer.store;

import dev.tracing.viewer.ViewerProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The trace store.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	@Bean
	TraceStore traceStore(ViewerProperties properties) {
		return new TraceStore(properties.getMaxSpans(), properties.getNPlusOne().getThreshold());
	}

}
