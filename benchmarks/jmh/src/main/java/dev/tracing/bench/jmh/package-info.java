/**
 * JMH benchmarks of the starter's per-request code.
 */
package dev.tracing.bench.jmh;
