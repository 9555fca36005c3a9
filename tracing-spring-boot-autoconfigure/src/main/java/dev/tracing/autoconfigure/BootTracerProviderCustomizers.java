package dev.tracing.autoconfigure;

import java.util.Arrays;

import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpGrpcSpanExporterBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Spring Boot's own customizer beans, for an application that moves from Spring Boot's tracing to the starter:
 * {@link SdkTracerProviderBuilderCustomizer}s are applied to the starter's tracer provider, after its own
 * {@link TracerProviderCustomizer}s; OTLP exporter builder customizers cannot be (the starter builds its exporter
 * from {@code tracing.export.otlp.*}) and are named in a warning at start-up.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(SdkTracerProviderBuilderCustomizer.class)
class BootTracerProviderCustomizers {

	private static final Log logger = LogFactory.getLog(BootTracerProviderCustomizers.class);

	@Bean
	TracerProviderCustomizer springBootSdkTracerProviderBuilderCustomizers(
			ObjectProvider<SdkTracerProviderBuilderCustomizer> customizers) {
		return new Adapter(customizers);
	}

	@Bean
	static SmartInitializingSingleton springBootOtlpExporterCustomizersReport(ListableBeanFactory beanFactory) {
		return () -> {
			String[] names = concat(beanFactory.getBeanNamesForType(OtlpHttpSpanExporterBuilderCustomizer.class),
					beanFactory.getBeanNamesForType(OtlpGrpcSpanExporterBuilderCustomizer.class));
			if (names.length > 0) {
				logger.warn("Spring Boot's OTLP span exporter customizer beans " + Arrays.toString(names)
						+ " are not applied: the tracing starter builds its exporter from tracing.export.otlp.*. "
						+ "Move what they set there, or declare a SpanExporter bean of your own.");
			}
		};
	}

	private static String[] concat(String[] first, String[] second) {
		String[] all = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	// Ordered last among the starter's customizers: Boot's run after the application's own TracerProviderCustomizers.
	private record Adapter(ObjectProvider<SdkTracerProviderBuilderCustomizer> customizers)
			implements TracerProviderCustomizer, Ordered {

		@Override
		public void customize(SdkTracerProviderBuilder builder) {
			this.customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
