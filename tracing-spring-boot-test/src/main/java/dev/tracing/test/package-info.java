/**
 * Captured spans and fluent assertions on the traces an application exported, for tests.
 */
@NullMarked
package dev.tracing.test;

import org.jspecify.annotations.NullMarked;
