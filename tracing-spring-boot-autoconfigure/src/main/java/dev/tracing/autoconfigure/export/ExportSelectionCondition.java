package dev.tracing.autoconfigure.export;

import dev.tracing.autoconfigure.TracingProperties.ExporterType;
import dev.tracing.autoconfigure.TracingProperties.OtlpProtocol;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Selects an exporter variant from the bound values of {@code tracing.export.type} and
 * {@code tracing.export.otlp.protocol}, so every spelling the binder accepts ({@code http/protobuf},
 * {@code HTTP_PROTOBUF}, {@code http-protobuf}) selects the same variant, and a bad one fails binding with the
 * property's name.
 */
abstract class ExportSelectionCondition extends SpringBootCondition {

	private final ExporterType type;

	private final @Nullable OtlpProtocol protocol;

	ExportSelectionCondition(ExporterType type, @Nullable OtlpProtocol protocol) {
		this.type = type;
		this.protocol = protocol;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Binder binder = Binder.get(context.getEnvironment());
		ExporterType actualType = binder.bind("tracing.export.type", ExporterType.class).orElse(ExporterType.OTLP);
		OtlpProtocol actualProtocol = binder.bind("tracing.export.otlp.protocol", OtlpProtocol.class)
			.orElse(OtlpProtocol.HTTP_PROTOBUF);
		ConditionMessage.Builder message = ConditionMessage.forCondition("tracing exporter " + describe());
		boolean match = actualType == this.type && (this.protocol == null || actualProtocol == this.protocol);
		return new ConditionOutcome(match, message.because("tracing.export.type is " + actualType
				+ ((actualType == ExporterType.OTLP) ? " over " + actualProtocol : "")));
	}

	private String describe() {
		return this.type + ((this.protocol != null) ? " over " + this.protocol : "");
	}

	static final class OtlpHttp extends ExportSelectionCondition {

		OtlpHttp() {
			super(ExporterType.OTLP, OtlpProtocol.HTTP_PROTOBUF);
		}

	}

	static final class OtlpGrpc extends ExportSelectionCondition {

		OtlpGrpc() {
			super(ExporterType.OTLP, OtlpProtocol.GRPC);
		}

	}

	static final class Logging extends ExportSelectionCondition {

		Logging() {
			super(ExporterType.LOGGING, null);
		}

	}

}
