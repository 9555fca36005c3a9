package dev.tracing.autoconfigure.export;

import dev.tracing.autoconfigure.TracingProperties;
import dev.tracing.autoconfigure.TracingProperties.Otlp;
import dev.tracing.export.SpanLogLineExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * One nested configuration per exporter variant. Each exporter is owned by the batch span processor, which shuts it
 * down, hence {@code destroyMethod = ""}.
 */
final class SpanExporterConfigurations {

	private SpanExporterConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OtlpHttpSpanExporter.class)
	@Conditional(ExportSelectionCondition.OtlpHttp.class)
	static class OtlpHttp {

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean(SpanExporter.class)
		OtlpHttpSpanExporter otlpHttpSpanExporter(TracingProperties properties,
				ObjectProvider<SslBundles> sslBundles) {
			Otlp otlp = properties.getExport().getOtlp();
			OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
				.setEndpoint(OtlpEndpoints.httpUrl(otlp))
				.setTimeout(otlp.getTimeout())
				.setCompression(OtlpEndpoints.compression(otlp.getCompression()))
				// One export at a time (the batch processor's worker): the marshalling objects can be reused.
				.setMemoryMode(MemoryMode.REUSABLE_DATA);
			otlp.getHeaders().forEach(builder::addHeader);
			OtlpTls.fromBundle(otlp.getSsl().getBundle(), sslBundles)
				.ifPresent((tls) -> builder.setSslContext(tls.context(), tls.trustManager()));
			return builder.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OtlpGrpcSpanExporter.class)
	@Conditional(ExportSelectionCondition.OtlpGrpc.class)
	static class OtlpGrpc {

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean(SpanExporter.class)
		OtlpGrpcSpanExporter otlpGrpcSpanExporter(TracingProperties properties,
				ObjectProvider<SslBundles> sslBundles) {
			Otlp otlp = properties.getExport().getOtlp();
			OtlpGrpcSpanExporterBuilder builder = OtlpGrpcSpanExporter.builder()
				.setEndpoint(OtlpEndpoints.grpcUrl(otlp))
				.setTimeout(otlp.getTimeout())
				.setCompression(OtlpEndpoints.compression(otlp.getCompression()))
				// One export at a time (the batch processor's worker): the marshalling objects can be reused.
				.setMemoryMode(MemoryMode.REUSABLE_DATA);
			otlp.getHeaders().forEach(builder::addHeader);
			OtlpTls.fromBundle(otlp.getSsl().getBundle(), sslBundles)
				.ifPresent((tls) -> builder.setSslContext(tls.context(), tls.trustManager()));
			return builder.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(ExportSelectionCondition.Logging.class)
	static class Logging {

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean(SpanExporter.class)
		SpanLogLineExporter loggingSpanExporter() {
			return new SpanLogLineExporter();
		}

	}

}
