/**
 * The current trace carried across threads: task decoration for Spring's executors and schedulers.
 */
@NullMarked
package dev.tracing.async;

import org.jspecify.annotations.NullMarked;
