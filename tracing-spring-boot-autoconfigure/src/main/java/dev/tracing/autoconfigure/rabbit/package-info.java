/**
 * Auto-configuration of RabbitMQ producer and consumer spans for Spring AMQP.
 */
@NullMarked
package dev.tracing.autoconfigure.rabbit;

import org.jspecify.annotations.NullMarked;
