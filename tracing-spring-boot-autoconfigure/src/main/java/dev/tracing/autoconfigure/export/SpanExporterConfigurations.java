package dev.tracing.autoconfigure.export;

import dev.tracing.autoconfigure.TracingProperties;
import dev.tracing.autoconfigure.TracingProperties.Otlp;
import dev.tracing.export.DeferredSpanExporter;
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
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * One nested configuration per exporter variant. Each exporter is owned by the batch span processor, which shuts it
 * down, hence {@code destroyMethod = ""}.
 * <p>
 * The OTLP exporters are configured at start-up (a bad setting fails it) and, when Spring Boot's own OTLP tracing
 * module is absent, built on their first export ({@link DeferredSpanExporter}): their HTTP client is not needed
 * before. When that module is present, its exporter configuration backs off only for a bean of the exporter's own
 * type ({@code @ConditionalOnMissingBean({OtlpGrpcSpanExporter, OtlpHttpSpanExporter})}, whatever the application's
 * {@code OtlpTracingConnectionDetails}), so the exporter is built at start-up as that type.
 */
final class SpanExporterConfigurations {

	/** Spring Boot's OTLP span exporter auto-configuration (spring-boot-micrometer-tracing-opentelemetry). */
	static final String BOOT_OTLP_TRACING = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration";

	private SpanExporterConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OtlpHttpSpanExporter.class)
	@Conditional(ExportSelectionCondition.OtlpHttp.class)
	static class OtlpHttp {

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean(SpanExporter.class)
		@ConditionalOnClass(name = BOOT_OTLP_TRACING)
		OtlpHttpSpanExporter otlpHttpSpanExporter(TracingProperties properties,
				ObjectProvider<SslBundles> sslBundles) {
			return builder(properties, sslBundles).build();
		}

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean(SpanExporter.class)
		@ConditionalOnMissingClass(BOOT_OTLP_TRACING)
		DeferredSpanExporter deferredOtlpHttpSpanExporter(TracingProperties properties,
				ObjectProvider<SslBundles> sslBundles) {
			return new DeferredSpanExporter(OtlpHttpSpanExporter.class, builder(properties, sslBundles)::build);
		}

		private static OtlpHttpSpanExporterBuilder builder(TracingProperties properties,
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
			return builder;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OtlpGrpcSpanExporter.class)
	@Conditional(ExportSelectionCondition.OtlpGrpc.class)
	static class OtlpGrpc {

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean(SpanExporter.class)
		@ConditionalOnClass(name = BOOT_OTLP_TRACING)
		OtlpGrpcSpanExporter otlpGrpcSpanExporter(TracingProperties properties,
				ObjectProvider<SslBundles> sslBundles) {
			return builder(properties, sslBundles).build();
		}

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean(SpanExporter.class)
		@ConditionalOnMissingClass(BOOT_OTLP_TRACING)
		DeferredSpanExporter deferredOtlpGrpcSpanExporter(TracingProperties properties,
				ObjectProvider<SslBundles> sslBundles) {
			return new DeferredSpanExporter(OtlpGrpcSpanExporter.class, builder(properties, sslBundles)::build);
		}

		private static OtlpGrpcSpanExporterBuilder builder(TracingProperties properties,
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
			return builder;
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
