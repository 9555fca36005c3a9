package dev.tracing.messaging;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Attribute keys of OpenTelemetry's messaging semantic conventions (1.37). They are still incubating, so they are in
 * no stable artifact: written here, not taken from the alpha incubating artifact, which would put an SDK-line-bound
 * jar on the application's class path.
 */
public final class MessagingAttributeKeys {

	public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");

	public static final AttributeKey<String> MESSAGING_DESTINATION_NAME = AttributeKey
		.stringKey("messaging.destination.name");

	public static final AttributeKey<String> MESSAGING_OPERATION_TYPE = AttributeKey
		.stringKey("messaging.operation.type");

	public static final AttributeKey<String> MESSAGING_OPERATION_NAME = AttributeKey
		.stringKey("messaging.operation.name");

	public static final AttributeKey<String> MESSAGING_CONSUMER_GROUP_NAME = AttributeKey
		.stringKey("messaging.consumer.group.name");

	public static final AttributeKey<String> MESSAGING_DESTINATION_PARTITION_ID = AttributeKey
		.stringKey("messaging.destination.partition.id");

	public static final AttributeKey<Long> MESSAGING_KAFKA_OFFSET = AttributeKey.longKey("messaging.kafka.offset");

	public static final AttributeKey<Long> MESSAGING_BATCH_MESSAGE_COUNT = AttributeKey
		.longKey("messaging.batch.message_count");

	public static final AttributeKey<String> MESSAGING_DESTINATION_SUBSCRIPTION_NAME = AttributeKey
		.stringKey("messaging.destination.subscription.name");

	public static final AttributeKey<String> MESSAGING_RABBITMQ_DESTINATION_ROUTING_KEY = AttributeKey
		.stringKey("messaging.rabbitmq.destination.routing_key");

	public static final AttributeKey<Long> MESSAGING_RABBITMQ_MESSAGE_DELIVERY_TAG = AttributeKey
		.longKey("messaging.rabbitmq.message.delivery_tag");

	private MessagingAttributeKeys() {
	}

}
