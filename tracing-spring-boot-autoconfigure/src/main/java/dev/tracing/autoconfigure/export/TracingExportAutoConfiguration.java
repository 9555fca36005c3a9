package dev.tracing.autoconfigure.export;

import dev.tracing.autoconfigure.ConditionalOnTracingEnabled;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.TracingProperties;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the {@link SpanExporter} selected by {@code tracing.export.type}. Backs off when the
 * application defines its own exporter. Runs before Spring Boot's OTLP tracing auto-configuration, whose exporter
 * then backs off for ours: one exporter, configured by {@code tracing.export.*}.
 */
@AutoConfiguration(before = TracingAutoConfiguration.class, beforeName = SpanExporterConfigurations.BOOT_OTLP_TRACING)
@ConditionalOnClass(SpanExporter.class)
@ConditionalOnTracingEnabled
@EnableConfigurationProperties(TracingProperties.class)
@Import({ SpanExporterConfigurations.OtlpHttp.class, SpanExporterConfigurations.OtlpGrpc.class,
		SpanExporterConfigurations.Logging.class })
public final class TracingExportAutoConfiguration {

}
