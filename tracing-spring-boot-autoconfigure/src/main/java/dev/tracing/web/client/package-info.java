/**
 * Client spans and trace-context propagation for RestTemplate, RestClient and WebClient.
 */
@NullMarked
package dev.tracing.web.client;

import org.jspecify.annotations.NullMarked;
