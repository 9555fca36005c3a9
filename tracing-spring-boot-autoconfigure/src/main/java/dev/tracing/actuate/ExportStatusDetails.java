package dev.tracing.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tracing.export.ExportStatistics;

/**
 * The exporter's state as health and info details.
 */
final class ExportStatusDetails {

	private ExportStatusDetails() {
	}

	static Map<String, Object> of(ExportStatistics statistics, String exporter) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("exporter", exporter);
		details.put("state", statistics.isFailing() ? "failing" : (statistics.lastSuccessTime() != null) ? "ok" : "idle");
		details.put("spansExported", statistics.exported());
		details.put("spansDropped", statistics.dropped());
		details.put("spansDroppedQueueFull", statistics.droppedQueueFull());
		details.put("spansDroppedExportFailed", statistics.droppedExportFailed());
		details.put("spansQueued", statistics.queued());
		details.put("failedExports", statistics.failedExports());
		if (statistics.lastSuccessTime() != null) {
			details.put("lastSuccess", statistics.lastSuccessTime().toString());
		}
		if (statistics.lastError() != null) {
			details.put("lastError", statistics.lastError());
			details.put("lastErrorTime", String.valueOf(statistics.lastErrorTime()));
		}
		return details;
	}

}
