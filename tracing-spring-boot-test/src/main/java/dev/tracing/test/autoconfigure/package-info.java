/**
 * Test auto-configuration: {@link dev.tracing.test.autoconfigure.AutoConfigureTracingCapture} and the listener that
 * resets the captured spans before each test method.
 */
@NullMarked
package dev.tracing.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
