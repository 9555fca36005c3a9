package dev.tracing.viewer.ingest;

import java.net.InetSocketAddress;

import dev.tracing.viewer.ViewerProperties;
import dev.tracing.viewer.store.TraceStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OTLP receivers.
 */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

	@Bean
	OtlpTraceReceiver otlpTraceReceiver(TraceStore traceStore) {
		return new OtlpTraceReceiver(traceStore);
	}

	@Bean
	OtlpHttpServer otlpHttpServer(ViewerProperties properties, OtlpTraceReceiver receiver) {
		ViewerProperties.Otlp otlp = properties.getOtlp();
		OtlpHttpHandler handler = new OtlpHttpHandler(receiver, maxRequestSize(otlp));
		return new OtlpHttpServer(new InetSocketAddress(otlp.getAddress(), otlp.getHttpPort()), handler,
				otlp.getHttpThreads());
	}

	@Bean
	OtlpGrpcServer otlpGrpcServer(ViewerProperties properties, OtlpTraceReceiver receiver) {
		ViewerProperties.Otlp otlp = properties.getOtlp();
		return new OtlpGrpcServer(new InetSocketAddress(otlp.getAddress(), otlp.getGrpcPort()),
				new OtlpGrpcTraceService(receiver), maxRequestSize(otlp));
	}

	private static int maxRequestSize(ViewerProperties.Otlp otlp) {
		// Bodies are read into one array, so the limit cannot exceed what an array holds
		return (int) Math.min(otlp.getMaxRequestSize().toBytes(), Integer.MAX_VALUE - 16);
	}

}
